// DELETE /api/api-keys/{keyId}: revoke a key at once. Staff only.
import { apiKeyParamsSchema } from "@/lib/schemas/api-key";
import { route } from "@/lib/server/route";
import { revokeApiKey } from "@/lib/server/services/api-keys";

export const DELETE = route({ auth: "session", params: apiKeyParamsSchema }, async ({ params }) => {
  await revokeApiKey({ id: params.keyId });
  return new Response(null, { status: 204 });
});
