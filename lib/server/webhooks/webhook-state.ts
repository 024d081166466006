import "server-only";
import { db } from "../db";
import { COUNT_CAP } from "../ops/deployment-state";

/**
 * Webhook deliveries as PostgreSQL holds them, for /api/metrics and the webhook_failing alert.
 * Cheap however many deliveries there are: attempts by outcome are counted as they are recorded
 * (webhook_delivery_count), the oldest undelivered event per enabled endpoint is the first row of
 * the partial (endpoint_id, created_at) index, the pending count stops at COUNT_CAP.
 */
export interface WebhookState {
  /** Attempts by outcome since the deployment began: delivered, failed (tried again), given_up. */
  attempts: Record<string, number>;
  /** Undelivered deliveries of enabled endpoints (capped). */
  pending: number;
  oldestPendingAt: Date | null;
  /** Enabled endpoints whose oldest undelivered event is older than `failingAfterMinutes`. */
  failingEndpoints: number;
}

export async function getWebhookState(failingAfterMinutes: number): Promise<WebhookState> {
  const [counts, [row]] = await Promise.all([
    db.$queryRaw<{ outcome: string; count: number }[]>`SELECT outcome, count::float8 AS count FROM webhook_delivery_count`,
    db.$queryRaw<{ pending: number; oldest: Date | null; failing: number }[]>`
      SELECT (SELECT count(*)::int FROM (
                SELECT 1 FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id AND e.enabled
                 WHERE d.delivered_at IS NULL AND d.given_up_at IS NULL LIMIT ${COUNT_CAP}) p) AS pending,
             min(o.created_at) AS oldest,
             count(*) FILTER (WHERE o.created_at < now() - make_interval(mins => ${failingAfterMinutes}))::int AS failing
        FROM webhook_endpoint e CROSS JOIN LATERAL (
          SELECT d.created_at FROM webhook_delivery d
           WHERE d.endpoint_id = e.id AND d.delivered_at IS NULL AND d.given_up_at IS NULL
           ORDER BY d.created_at LIMIT 1) o
       WHERE e.enabled`,
  ]);
  return {
    attempts: Object.fromEntries(counts.map((c) => [c.outcome, c.count])),
    pending: row?.pending ?? 0,
    oldestPendingAt: row?.oldest ?? null,
    failingEndpoints: row?.failing ?? 0,
  };
}
