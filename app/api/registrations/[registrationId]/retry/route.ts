// POST /api/registrations/{registrationId}/retry: put a failed registration back in the queue.
import { registrationIdParamsSchema } from "@/lib/schemas/registration-query";
import { ownRegistrationsOnly } from "@/lib/server/auth/caller";
import { route } from "@/lib/server/route";
import { retryRegistration } from "@/lib/server/services/registrations/queries";

export const POST = route({ scope: "register", params: registrationIdParamsSchema }, async ({ params, principal }) =>
  Response.json(await retryRegistration(params.registrationId, ownRegistrationsOnly(principal)), { status: 202 }),
);
