// GET /api/crm/properties/{objectType}/{propertyName}: a property's options (cached 10 min), e.g. ticket categories.
import { propertyParamsSchema } from "@/lib/schemas/property";
import { route } from "@/lib/server/route";
import { getPropertyOptions } from "@/lib/server/services/form-options";

export const GET = route({ scope: "read", params: propertyParamsSchema }, async ({ params }) => Response.json(await getPropertyOptions(params)));
