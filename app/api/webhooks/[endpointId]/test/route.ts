// POST /api/webhooks/{endpointId}/test: queue a webhook.test event for this endpoint.
import { webhookEndpointParamsSchema } from "@/lib/schemas/webhook";
import { route } from "@/lib/server/route";
import { sendTestEvent } from "@/lib/server/webhooks/endpoints";

export const POST = route({ scope: "webhooks", params: webhookEndpointParamsSchema }, async ({ params }) =>
  Response.json(await sendTestEvent(params.endpointId), { status: 202 }),
);
