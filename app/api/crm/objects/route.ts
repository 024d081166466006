// GET /api/crm/objects: one page of HubSpot contacts, deals or tickets (HubSpot's cursor).
import { crmObjectsQuerySchema } from "@/lib/schemas/crm-objects";
import { route } from "@/lib/server/route";
import { listCrmObjects } from "@/lib/server/services/crm-objects";

export const GET = route({ scope: "read", query: crmObjectsQuerySchema }, async ({ query }) => Response.json(await listCrmObjects(query)));
