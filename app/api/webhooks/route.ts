// GET /api/webhooks: list endpoints; POST /api/webhooks: register one (its secret is shown once).
import { webhookEndpointCreateSchema } from "@/lib/schemas/webhook";
import { route } from "@/lib/server/route";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/server/webhooks/endpoints";

export const GET = route({ scope: "webhooks" }, async () => Response.json({ results: await listWebhookEndpoints() }));

export const POST = route({ scope: "webhooks", body: webhookEndpointCreateSchema }, async ({ body, principal }) => {
  const createdBy = principal?.kind === "session" ? principal.email : principal?.kind === "api_key" ? `API key ${principal.name}` : null;
  return Response.json(await createWebhookEndpoint({ url: body.url, events: body.events, createdBy }), { status: 201 });
});
