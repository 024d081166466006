import "server-only";

/** Upper bounds (ms) of the submission-to-synced buckets: the same list as registration_latency_bucket() in SQL. */
export const LATENCY_BUCKETS_MS = [250, 500, 1000, 2000, 5000, 10000, 30000, 60000, 300000, 900000, 3600000];
/** The open last bucket as stored. */
export const OPEN_BUCKET = 2147483647;

/**
 * The q-quantile of a histogram given as (upper bound, count) rows, interpolated linearly inside
 * its bucket (as Prometheus' histogram_quantile does); null when empty. The open last bucket
 * answers its lower bound.
 */
export function quantileFromBuckets(rows: { le: number; count: number }[], q: number, bounds = LATENCY_BUCKETS_MS): number | null {
  const sorted = [...rows].filter((r) => r.count > 0).sort((a, b) => a.le - b.le);
  const total = sorted.reduce((n, b) => n + b.count, 0);
  if (!total) return null;
  const rank = q * total;
  let seen = 0;
  for (const b of sorted) {
    if (seen + b.count >= rank) {
      const i = bounds.indexOf(b.le);
      const lower = b.le >= OPEN_BUCKET ? bounds[bounds.length - 1] : i > 0 ? bounds[i - 1] : 0;
      if (b.le >= OPEN_BUCKET) return lower;
      return Math.round(lower + ((b.le - lower) * (rank - seen)) / b.count);
    }
    seen += b.count;
  }
  return null;
}
