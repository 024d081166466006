// GET /api/webhooks/{endpointId}/deliveries: the endpoint's deliveries and their last answers, newest first.
import { webhookDeliveriesQuerySchema, webhookEndpointParamsSchema } from "@/lib/schemas/webhook";
import { route } from "@/lib/server/route";
import { listWebhookDeliveries } from "@/lib/server/webhooks/deliveries";

export const GET = route({ scope: "webhooks", params: webhookEndpointParamsSchema, query: webhookDeliveriesQuerySchema }, async ({ params, query }) =>
  Response.json(await listWebhookDeliveries({ endpointId: params.endpointId, ...query })),
);
