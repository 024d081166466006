// GET /api/objects/local: locally stored references, offset paging with totals.
import { localObjectsQuerySchema } from "@/lib/schemas/local-objects";
import { route } from "@/lib/server/route";
import { listLocalObjects } from "@/lib/server/services/local-objects";

export const GET = route({ scope: "read", query: localObjectsQuerySchema }, async ({ query }) => Response.json(await listLocalObjects(query)));
