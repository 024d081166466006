// GET /api/health: database and HubSpot reachability, and which HubSpot the app talks to.
import { route } from "@/lib/server/route";
import { getHealth } from "@/lib/server/services/health";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "public" }, async () => {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "down" ? 503 : 200 });
});
