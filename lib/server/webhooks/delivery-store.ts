import "server-only";
import { sqlPool } from "../db";
import { env } from "../env";
import type { AttemptResult } from "./send";

/**
 * The delivery loop's statements. A delivery is claimed with a lease (`locked_until`) and its
 * attempt counted at once, then the HTTP request runs outside any transaction, then the outcome is
 * recorded fenced by that attempt number: a loop that stalled past its lease (and whose delivery
 * was claimed again meanwhile) records nothing. A crashed loop's claim runs out and the delivery
 * is attempted again: at least once.
 */

export interface ClaimedDelivery {
  id: string;
  attempt: number;
  eventId: string;
  type: string;
  data: unknown;
  occurredAt: Date;
  endpointId: string;
  url: string;
  sealedSecret: string;
}

/** Claims never taken over while a request can still be running. */
const leaseSeconds = () => Math.ceil((2 * env.WEBHOOK_TIMEOUT_MS) / 1000) + 30;

const CLAIM_SQL = `
  WITH free AS (
    SELECT e.id, GREATEST(0, $3::int - COALESCE((SELECT i.value::int FROM jsonb_each_text($1::jsonb) i WHERE i.key = e.id::text), 0)) AS slots
      FROM webhook_endpoint e WHERE e.enabled
  ), picked AS (
    SELECT d.id FROM free f CROSS JOIN LATERAL (
      SELECT d.id FROM webhook_delivery d
       WHERE d.endpoint_id = f.id AND d.delivered_at IS NULL AND d.given_up_at IS NULL AND d.next_attempt_at <= now()
         AND (d.locked_until IS NULL OR d.locked_until < now())
       ORDER BY d.next_attempt_at LIMIT f.slots FOR UPDATE OF d SKIP LOCKED
    ) d
    WHERE f.slots > 0
    LIMIT $2
  )
  UPDATE webhook_delivery d SET attempts = d.attempts + 1, last_attempt_at = now(), locked_until = now() + make_interval(secs => $4::int)
    FROM picked p, webhook_event ev, webhook_endpoint e
   WHERE d.id = p.id AND ev.id = d.event_id AND e.id = d.endpoint_id
  RETURNING d.id, d.attempts, ev.id AS event_id, ev.type, ev.payload, ev.created_at, e.id AS endpoint_id, e.url, e.secret`;

/**
 * Due deliveries of enabled endpoints, at most `limit` in all and, per endpoint, what its
 * WEBHOOK_ENDPOINT_CONCURRENCY leaves beside `inFlight` (this process's requests per endpoint).
 * Whatever is due is attempted, even just past WEBHOOK_MAX_AGE_SECONDS (an attempt scheduled
 * inside it, or the worker was down): recording a failed attempt is what gives a delivery up.
 */
export async function claimDueDeliveries(inFlight: Map<string, number>, limit: number): Promise<ClaimedDelivery[]> {
  const { rows } = await sqlPool().query<{
    id: string;
    attempts: number;
    event_id: string;
    type: string;
    payload: unknown;
    created_at: Date;
    endpoint_id: string;
    url: string;
    secret: string;
  }>(CLAIM_SQL, [JSON.stringify(Object.fromEntries(inFlight)), limit, env.WEBHOOK_ENDPOINT_CONCURRENCY, leaseSeconds()]);
  return rows.map((r) => ({
    id: r.id,
    attempt: r.attempts,
    eventId: r.event_id,
    type: r.type,
    data: r.payload,
    occurredAt: r.created_at,
    endpointId: r.endpoint_id,
    url: r.url,
    sealedSecret: r.secret,
  }));
}

/** Delivered; or failed, due again after `retryInMs` unless that is past the horizon: then given up. */
const SETTLE_SQL = `
  WITH settled AS (
    UPDATE webhook_delivery SET
      locked_until = NULL, last_status_code = $3, last_error = $4, response_excerpt = $5,
      delivered_at = CASE WHEN $6 THEN now() END,
      given_up_at = CASE WHEN NOT $6 AND now() + make_interval(secs => $7::float8 / 1000) > created_at + make_interval(secs => $8::int) THEN now() END,
      next_attempt_at = CASE WHEN $6 OR now() + make_interval(secs => $7::float8 / 1000) > created_at + make_interval(secs => $8::int) THEN NULL
                             ELSE now() + make_interval(secs => $7::float8 / 1000) END
     WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND given_up_at IS NULL
    RETURNING CASE WHEN delivered_at IS NOT NULL THEN 'delivered' WHEN given_up_at IS NOT NULL THEN 'given_up' ELSE 'failed' END AS outcome
  ), counted AS (
    INSERT INTO webhook_delivery_count (outcome, count) SELECT outcome, 1 FROM settled
    ON CONFLICT (outcome) DO UPDATE SET count = webhook_delivery_count.count + 1
  )
  SELECT outcome FROM settled`;

export type SettledOutcome = "delivered" | "failed" | "given_up";

/** Record an attempt's answer; null when the attempt was fenced out (claimed again meanwhile). */
export async function settleDelivery(d: Pick<ClaimedDelivery, "id" | "attempt">, result: AttemptResult, retryInMs: number): Promise<SettledOutcome | null> {
  const { rows } = await sqlPool().query<{ outcome: SettledOutcome }>(SETTLE_SQL, [
    d.id,
    d.attempt,
    result.statusCode,
    result.error?.slice(0, 1000) ?? null,
    result.excerpt,
    result.isDelivered,
    retryInMs,
    env.WEBHOOK_MAX_AGE_SECONDS,
  ]);
  return rows[0]?.outcome ?? null;
}

/**
 * Give up what waits for a paused endpoint past the horizon (an enabled endpoint's deliveries are
 * given up by their last failed attempt). Counted like any other given-up delivery.
 */
export async function giveUpExpiredDeliveries(): Promise<number> {
  const { rows } = await sqlPool().query<{ n: number }>(
    `WITH expired AS (
       UPDATE webhook_delivery d SET given_up_at = now(), next_attempt_at = NULL,
              last_error = COALESCE(d.last_error, 'not attempted: the endpoint was paused')
         FROM webhook_endpoint e
        WHERE e.id = d.endpoint_id AND d.delivered_at IS NULL AND d.given_up_at IS NULL
          AND (d.locked_until IS NULL OR d.locked_until < now())
          AND d.created_at < now() - make_interval(secs => $1::int) AND NOT e.enabled
       RETURNING 1
     ), counted AS (
       INSERT INTO webhook_delivery_count (outcome, count) SELECT 'given_up', count(*) FROM expired HAVING count(*) > 0
       ON CONFLICT (outcome) DO UPDATE SET count = webhook_delivery_count.count + EXCLUDED.count
     )
     SELECT count(*)::int AS n FROM expired`,
    [env.WEBHOOK_MAX_AGE_SECONDS],
  );
  return rows[0]?.n ?? 0;
}

/** Events older than RETENTION_DAYS with nothing left to deliver, with their deliveries (cascade). */
export async function pruneOldWebhookEvents(batch = 1000): Promise<number> {
  const { rowCount } = await sqlPool().query(
    `DELETE FROM webhook_event WHERE id IN (
       SELECT ev.id FROM webhook_event ev
        WHERE ev.created_at < now() - make_interval(days => $1::int)
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = ev.id AND d.delivered_at IS NULL AND d.given_up_at IS NULL)
        ORDER BY ev.created_at LIMIT $2)`,
    [env.RETENTION_DAYS, batch],
  );
  return rowCount ?? 0;
}
