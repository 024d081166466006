import "server-only";

/**
 * Statements of the operations rollups. Each flush adds one process's counts (rows as one JSON
 * parameter, in key order so concurrent flushes never deadlock); the fold keeps the tables small.
 */

export const UPSERT_CALLS_SQL = `
  INSERT INTO hubspot_call_rollup (bucket, operation, status_class, calls, retries)
  SELECT v.bucket, v.operation, v.status_class, v.calls, v.retries
    FROM jsonb_to_recordset($1::jsonb) AS v(bucket timestamptz, operation text, status_class text, calls bigint, retries bigint)
   ORDER BY 1, 2, 3
  ON CONFLICT (bucket, operation, status_class)
  DO UPDATE SET calls = hubspot_call_rollup.calls + EXCLUDED.calls, retries = hubspot_call_rollup.retries + EXCLUDED.retries`;

export const UPSERT_HTTP_SQL = `
  INSERT INTO http_request_rollup (minute, route, method, status_class, le_ms, count, duration_ms_sum)
  SELECT v.minute, v.route, v.method, v.status_class, v.le_ms, v.count, v.duration_ms_sum
    FROM jsonb_to_recordset($1::jsonb) AS v(minute timestamptz, route text, method text, status_class text, le_ms int, count bigint, duration_ms_sum float8)
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (minute, route, method, status_class, le_ms)
  DO UPDATE SET count = http_request_rollup.count + EXCLUDED.count, duration_ms_sum = http_request_rollup.duration_ms_sum + EXCLUDED.duration_ms_sum`;

/** The newest report wins, whichever process flushes last. */
export const UPSERT_DAILY_SQL = `
  INSERT INTO hubspot_daily_observation (id, daily_limit, remaining, observed_at) VALUES ('default', $1, $2, $3)
  ON CONFLICT (id) DO UPDATE SET daily_limit = EXCLUDED.daily_limit, remaining = EXCLUDED.remaining, observed_at = EXCLUDED.observed_at
   WHERE hubspot_daily_observation.observed_at <= EXCLUDED.observed_at`;

/**
 * Rows older than the charts show are folded into one row per key at `-infinity`: the metrics'
 * totals stay exact while the tables hold about two days of detail.
 */
const fold = (table: string, time: string, keys: string[], sums: string[]) => `
  WITH old AS (
    DELETE FROM ${table} WHERE ${time} < now() - interval '2 days' AND ${time} <> '-infinity'
    RETURNING ${[...keys, ...sums].join(", ")}
  )
  INSERT INTO ${table} (${time}, ${[...keys, ...sums].join(", ")})
  SELECT '-infinity', ${keys.join(", ")}, ${sums.map((s) => `sum(${s})`).join(", ")} FROM old GROUP BY ${keys.join(", ")} ORDER BY ${keys.join(", ")}
  ON CONFLICT (${[time, ...keys].join(", ")}) DO UPDATE SET ${sums.map((s) => `${s} = ${table}.${s} + EXCLUDED.${s}`).join(", ")}`;

export const FOLD_SQL = [
  fold("registration_rollup", "minute", ["outcome", "latency_le_ms"], ["count"]),
  fold("hubspot_call_rollup", "bucket", ["operation", "status_class"], ["calls", "retries"]),
  fold("http_request_rollup", "minute", ["route", "method", "status_class", "le_ms"], ["count", "duration_ms_sum"]),
];
