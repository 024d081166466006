// GET /api/registrations: stored registrations, newest first, with their sync state.
import { registrationsQuerySchema } from "@/lib/schemas/registration-query";
import { route } from "@/lib/server/route";
import { listRegistrations } from "@/lib/server/services/registrations/queries";

export const GET = route({ query: registrationsQuerySchema }, async ({ query }) => Response.json(await listRegistrations(query)));
