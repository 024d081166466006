// GET /api/operations: what the operations page charts, for signed-in staff.
import { getOperationsOverview } from "@/lib/server/ops/overview";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "session" }, async () => Response.json(await getOperationsOverview(), { headers: { "cache-control": "no-store" } }));
