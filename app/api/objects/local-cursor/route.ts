// GET /api/objects/local-cursor: locally stored references, keyset paging for large sets.
import { localCursorQuerySchema } from "@/lib/schemas/local-objects";
import { route } from "@/lib/server/route";
import { listLocalObjectsAfter } from "@/lib/server/services/local-objects";

export const GET = route({ scope: "read", query: localCursorQuerySchema }, async ({ query }) => Response.json(await listLocalObjectsAfter(query)));
