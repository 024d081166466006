// GET, PATCH (pause/resume, events) and DELETE /api/webhooks/{endpointId}.
import { webhookEndpointParamsSchema, webhookEndpointUpdateSchema } from "@/lib/schemas/webhook";
import { route } from "@/lib/server/route";
import { deleteWebhookEndpoint, getWebhookEndpointOrThrow, toWebhookEndpoint, updateWebhookEndpoint } from "@/lib/server/webhooks/endpoints";

const params = webhookEndpointParamsSchema;

export const GET = route({ scope: "webhooks", params }, async ({ params }) => Response.json(toWebhookEndpoint(await getWebhookEndpointOrThrow(params.endpointId))));

export const PATCH = route({ scope: "webhooks", params, body: webhookEndpointUpdateSchema }, async ({ params, body }) =>
  Response.json(await updateWebhookEndpoint(params.endpointId, body)),
);

export const DELETE = route({ scope: "webhooks", params }, async ({ params }) => {
  await deleteWebhookEndpoint(params.endpointId);
  return new Response(null, { status: 204 });
});
