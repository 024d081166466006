import "server-only";
import { randomUUID } from "node:crypto";
import { db, sqlPool } from "../../db";
import { env } from "../../env";
import { logger } from "../../logger";
import type { AttentionCause } from "./classify-error";

/**
 * The lease half of the store (./store.ts re-exports it). Whoever syncs a registration (the request,
 * a worker) holds a lease: `locked_until` plus a fencing token. A live attempt keeps its lease
 * (one shared heartbeat statement per process renews every lease it holds); an attempt that lost
 * it anyway (a stalled process) is fenced: none of its writes carries the current token.
 */

/** What an attempt knows of its registration when it starts. */
export interface Lease {
  id: string;
  token: string;
  /** Attempts recorded before this one (0 on the request's own attempt). */
  attempts: number;
  /** What HubSpot already holds for it: {"contact": id, "deal:0": id, …}. */
  progress: Record<string, string>;
  createdAt: Date;
  email: string | null;
}

export interface ClaimedRegistration extends Lease {
  payload: unknown;
}

/** Take a pending registration nobody holds; undefined if it is held, done or waiting for staff. */
export async function claimRegistration(id: string): Promise<ClaimedRegistration | undefined> {
  const token = randomUUID();
  const rows = await db.$queryRaw<{ payload: unknown; attempts: number; progress: Record<string, string>; created_at: Date; email: string | null }[]>`
    UPDATE registration SET locked_until = now() + make_interval(secs => ${env.SYNC_LEASE_SECONDS}), lease_token = ${token}::uuid, updated_at = now()
    WHERE id = ${id}::uuid AND status = 'pending' AND (locked_until IS NULL OR locked_until < now())
    RETURNING payload, attempts, progress, created_at, email`;
  const r = rows[0];
  return r && { id, token, payload: r.payload, attempts: r.attempts, progress: r.progress ?? {}, createdAt: r.created_at, email: r.email };
}

const CLAIM_IMPORT_SQL = `
  UPDATE registration AS g SET locked_until = now() + make_interval(secs => $2::int), lease_token = gen_random_uuid(), updated_at = now()
    FROM (SELECT id FROM registration
           WHERE import_id = ANY($1::uuid[]) AND status = 'pending'
             AND (next_attempt_at IS NULL OR next_attempt_at <= now()) AND (locked_until IS NULL OR locked_until < now())
           ORDER BY import_line LIMIT $3 FOR UPDATE SKIP LOCKED) AS due
   WHERE g.id = due.id
  RETURNING g.id, g.lease_token AS token, g.payload, g.attempts, g.progress, g.created_at, g.email`;

/** Up to `limit` due rows of these imports nobody holds, each under a lease of its own (one statement). */
export async function claimImportRows(importIds: string[], limit: number): Promise<ClaimedRegistration[]> {
  const { rows } = await sqlPool().query<{ id: string; token: string; payload: unknown; attempts: number; progress: Record<string, string> | null; created_at: Date; email: string | null }>(
    CLAIM_IMPORT_SQL,
    [importIds, env.SYNC_LEASE_SECONDS, limit],
  );
  return rows.map((r) => ({ id: r.id, token: r.token, payload: r.payload, attempts: r.attempts, progress: r.progress ?? {}, createdAt: r.created_at, email: r.email }));
}

const held = new Map<string, string>();
let timer: NodeJS.Timeout | undefined;

const RENEW_SQL = `
  UPDATE registration AS g SET locked_until = GREATEST(g.locked_until, now() + make_interval(secs => $2::int))
    FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, token uuid)
   WHERE g.id = v.id AND g.lease_token = v.token`;

async function renewHeld() {
  if (!held.size) return;
  const rows = [...held].map(([id, token]) => ({ id, token }));
  try {
    await sqlPool().query(RENEW_SQL, [JSON.stringify(rows), env.SYNC_LEASE_SECONDS]);
  } catch (err) {
    logger.warn({ err, leases: rows.length }, "could not renew registration leases");
  }
}

/** Keep this lease alive while `work` runs: renewed every third of the lease, for every lease of the process at once. */
export async function holdLease<T>(lease: Pick<Lease, "id" | "token">, work: () => Promise<T>): Promise<T> {
  held.set(lease.id, lease.token);
  timer ??= setInterval(() => void renewHeld(), Math.max(200, (env.SYNC_LEASE_SECONDS * 1000) / 3)).unref();
  try {
    return await work();
  } finally {
    if (held.get(lease.id) === lease.token) held.delete(lease.id);
    if (!held.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }
}

export type Outcome =
  | { status: "pending"; reason: string; retryInSeconds: number }
  | { status: "partial" | "failed"; reason: string }
  | { status: "needs_attention"; reason: string; cause: AttentionCause };

/** An attempt's end other than synced; releases the lease. The attempts now recorded, or null if fenced out. */
export async function recordOutcome(lease: Pick<Lease, "id" | "token">, outcome: Outcome): Promise<number | null> {
  const next = outcome.status === "pending" ? new Date(Date.now() + outcome.retryInSeconds * 1000) : null;
  const cause = outcome.status === "needs_attention" ? outcome.cause : null;
  const rows = await db.$queryRaw<{ attempts: number }[]>`
    UPDATE registration SET status = ${outcome.status}, last_error = ${outcome.reason.slice(0, 2000)}, attempts = attempts + 1,
           locked_until = NULL, lease_token = NULL, next_attempt_at = ${next}, attention_cause = ${cause}, updated_at = now()
    WHERE id = ${lease.id}::uuid AND lease_token = ${lease.token}::uuid
    RETURNING attempts`;
  return rows[0]?.attempts ?? null;
}

/**
 * Staff retry: a registration waiting for staff (partial, needs attention, failed) is pending again,
 * due now, with a fresh count of attempts; a pending one is only made due now (its holder, if any,
 * keeps its lease). Undefined when there is no such registration or it is synced.
 */
export async function reopenRegistration(id: string) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE registration SET
      status = 'pending', next_attempt_at = now(), updated_at = now(), attention_cause = NULL,
      attempts = CASE WHEN status = 'pending' THEN attempts ELSE 0 END,
      locked_until = CASE WHEN status = 'pending' THEN locked_until ELSE NULL END,
      lease_token = CASE WHEN status = 'pending' THEN lease_token ELSE NULL END
    WHERE id = ${id}::uuid AND status <> 'synced'
    RETURNING id`;
  return rows.length ? db.registration.findUnique({ where: { id } }) : undefined;
}

/**
 * The portal was reconnected: registrations waiting for it are due now, and those stopped by an
 * auth error (401 after a refresh, 403) are pending again with a fresh count; the sweep queues them.
 */
export async function resumeAfterReconnect(): Promise<number> {
  return db.$executeRaw`
    UPDATE registration SET next_attempt_at = now(), updated_at = now(), status = 'pending', attention_cause = NULL,
      attempts = CASE WHEN status = 'pending' THEN attempts ELSE 0 END
    WHERE status = 'pending' OR (status = 'needs_attention' AND attention_cause = 'auth')`;
}
