// GET /api/crm/objects: one page of HubSpot contacts, deals or tickets: live (HubSpot's cursor), or from the local mirror (q, sort, source=mirror).
import { crmObjectsQuerySchema, readsMirror } from "@/lib/schemas/crm-objects";
import { listMirrorObjects } from "@/lib/server/mirror/list";
import { route } from "@/lib/server/route";
import { listCrmObjects } from "@/lib/server/services/crm-objects";

export const GET = route({ scope: "read", query: crmObjectsQuerySchema }, async ({ query }) =>
  Response.json(readsMirror(query) ? await listMirrorObjects(query) : await listCrmObjects(query)),
);
