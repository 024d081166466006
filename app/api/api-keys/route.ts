// GET /api/api-keys: list keys; POST /api/api-keys: create one (the key is shown once). Staff only.
import { apiKeyCreateSchema } from "@/lib/schemas/api-key";
import { route } from "@/lib/server/route";
import { createApiKey, listApiKeys } from "@/lib/server/services/api-keys";

export const GET = route({ auth: "session" }, async () => Response.json({ results: await listApiKeys() }));

export const POST = route({ auth: "session", body: apiKeyCreateSchema }, async ({ body, principal }) => {
  const createdBy = principal?.kind === "session" ? principal.email : null;
  return Response.json(await createApiKey({ name: body.name, scopes: body.scopes, createdBy }), { status: 201 });
});
