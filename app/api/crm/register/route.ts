// POST /api/crm/register: create or update a contact, then its deals and tickets, in HubSpot.
import { registrationSchema } from "@/lib/schemas/registration";
import { route } from "@/lib/server/route";
import { registerContact } from "@/lib/server/services/register";

export const POST = route({ body: registrationSchema }, async ({ body }) => {
  return Response.json(await registerContact({ input: body }), { status: 200 });
});
