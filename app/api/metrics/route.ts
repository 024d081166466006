// GET /api/metrics: Prometheus text format, for METRICS_TOKEN or an API key with the metrics scope.
import { authorizeMetrics } from "@/lib/server/ops/metrics-auth";
import { renderMetrics } from "@/lib/server/ops/metrics";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "public" }, async ({ req }) => {
  await authorizeMetrics(req);
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
