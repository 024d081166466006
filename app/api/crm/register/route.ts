// POST /api/crm/register: create or update a contact, then its deals and tickets, in HubSpot.
import { fieldIssuesFrom } from "@/lib/schemas/error";
import { idempotencyKeySchema, registrationSchema } from "@/lib/schemas/registration";
import { scopedIdempotencyKey } from "@/lib/server/auth/caller";
import { validationError } from "@/lib/server/errors";
import { route } from "@/lib/server/route";
import { registerContact } from "@/lib/server/services/registrations/register";

export const POST = route({ scope: "register", body: registrationSchema }, async ({ body, req, principal }) => {
  const header = req.headers.get("idempotency-key");
  const key = header === null ? undefined : idempotencyKeySchema.safeParse(header);
  if (key && !key.success) throw validationError(fieldIssuesFrom(key.error, "Idempotency-Key"));
  const idempotencyKey = key && scopedIdempotencyKey(principal, key.data);
  const result = await registerContact({ input: body, idempotencyKey, caller: principal?.callerId });
  const headers: Record<string, string> = result.isReplay ? { "idempotent-replayed": "true" } : {};
  if (result.status === 202) headers.location = result.body.status_url;
  return Response.json(result.body, { status: result.status, headers });
});
