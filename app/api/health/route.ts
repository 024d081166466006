// GET /api/health: liveness for anyone; readiness details for signed-in staff or an API key with `read`.
import { hasScope } from "@/lib/server/auth/caller";
import { authenticateRequest } from "@/lib/server/auth/request-auth";
import { route } from "@/lib/server/route";
import { getHealthDetails } from "@/lib/server/services/health";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "public" }, async ({ req }) => {
  // Credentials are optional here: a missing or wrong one gets the public answer, never a 401.
  const principal = await authenticateRequest(req).catch(() => null);
  if (!hasScope(principal, "read")) return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
  const health = await getHealthDetails();
  return Response.json(health, { status: health.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
});
