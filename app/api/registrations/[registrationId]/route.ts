// GET /api/registrations/{registrationId}: pending, synced (with HubSpot ids) or failed (with the reason).
import { registrationIdParamsSchema } from "@/lib/schemas/registration-query";
import { ownRegistrationsOnly } from "@/lib/server/auth/caller";
import { route } from "@/lib/server/route";
import { getRegistrationOrThrow, toRegistrationStatus } from "@/lib/server/services/registrations/queries";

export const GET = route({ params: registrationIdParamsSchema }, async ({ params, principal }) =>
  Response.json(toRegistrationStatus(await getRegistrationOrThrow(params.registrationId, ownRegistrationsOnly(principal)))),
);
