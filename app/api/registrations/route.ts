// GET /api/registrations: stored registrations, newest first, with their sync state.
import { registrationsQuerySchema } from "@/lib/schemas/registration-query";
import { ownRegistrationsOnly } from "@/lib/server/auth/caller";
import { route } from "@/lib/server/route";
import { listRegistrations } from "@/lib/server/services/registrations/queries";

export const GET = route({ query: registrationsQuerySchema }, async ({ query, principal }) =>
  Response.json(await listRegistrations({ ...query, caller: ownRegistrationsOnly(principal) })),
);
