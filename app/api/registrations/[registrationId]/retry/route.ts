// POST /api/registrations/{registrationId}/retry: put a failed registration back in the queue.
import { registrationIdParamsSchema } from "@/lib/schemas/registration-query";
import { route } from "@/lib/server/route";
import { retryRegistration } from "@/lib/server/services/registrations/queries";

export const POST = route({ params: registrationIdParamsSchema }, async ({ params }) =>
  Response.json(await retryRegistration(params.registrationId), { status: 202 }),
);
