import "server-only";
import { randomUUID } from "node:crypto";
import type { DatabaseError } from "pg";
import { sleep } from "@/lib/runtime/sleep";
import { Batcher } from "../../batcher";
import { sqlPool } from "../../db";
import { IMPORT_INSERT_SQL, IMPORT_LINK_SQL, IMPORT_NEXT_CHUNK_SQL, INSERT_SQL, MARK_SYNCED_SQL, RECORD_PROGRESS_SQL } from "./store-sql";

/**
 * Every write to a registration goes through this store (and ./lease.ts, its lease half). The
 * writes an attempt makes are fenced by the attempt's lease token: an attempt whose lease was taken
 * over writes nothing. The request path's writes are shared by every registration in flight (one
 * INSERT for all new ones, one statement per step for all that progressed or synced), through the
 * natural batching of ../../batcher.ts; plain SQL on the pool under Prisma, since a Prisma query
 * per row was most of the server's CPU at hundreds of registrations a second (docs/benchmarks.md).
 */

/** Rows per statement; a few hundred keeps the JSON parameter small. */
const MAX_ROWS = 500;
/** Statements of one kind in flight at once (the pool holds 20 connections). */
const IN_FLIGHT = 2;
/**
 * The least time between two INSERTs of new registrations. Under load, rows that arrive within it
 * share one statement: at 300 registrations/s the INSERT otherwise went out once per row (a
 * loopback round trip, a parse and a commit each). Idle, a row still goes at once. The other
 * writes need none: they come a contact batch at a time, and an idle registration's steps follow
 * each other within a few ms, where a gap would only add to its wait.
 */
const INSERT_GAP_MS = 10;

const sqlState = (e: unknown) => (typeof (e as DatabaseError)?.code === "string" ? (e as DatabaseError).code! : "");
/** Refused for its data (class 22, e.g. a string PostgreSQL cannot store) or a constraint (class 23): split to find the row. */
const isRowError = (e: unknown) => sqlState(e).startsWith("22") || sqlState(e).startsWith("23");

/** Rows `check` finds wrong fail alone, with its reason; the others are sent together. */
function rowBatcher<In, Out>(send: (rows: In[]) => Promise<Out[]>, check: (row: In) => string | undefined = () => undefined, minGapMs = 0) {
  return new Batcher<In, Out>({
    maxItems: MAX_ROWS,
    maxInFlight: IN_FLIGHT,
    minGapMs,
    send: async (groups) => {
      const rows = groups.map(([row]) => row);
      const problems = rows.map(check);
      const good = rows.filter((_, i) => !problems[i]);
      const sent = good.length ? await send(good) : [];
      let next = 0;
      return problems.map((p) => (p ? new Error(p) : sent[next++]));
    },
    shouldSplit: isRowError,
  });
}

/**
 * Recording what HubSpot already holds is retried in place (a dropped connection, a serialization
 * failure): giving up would leave the registration pending, and the worker would spend HubSpot
 * calls reading back objects it already has the ids of. Every statement here is safe to repeat.
 */
async function withRetries<T>(work: () => Promise<T>, delaysMs = [50, 250, 1000]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (isRowError(e) || attempt >= delaysMs.length) throw e;
      await sleep(delaysMs[attempt]);
    }
  }
}

export interface NewRegistration {
  payload: unknown;
  requestHash: string;
  idempotencyKey?: string;
  /** Who submitted it (auth/caller.ts). */
  caller?: string;
  email: string;
  lockedUntil: Date;
}

/** The new row's id and the request's lease token, or null when the Idempotency-Key already exists. */
export type Inserted = { id: string; token: string } | null;

async function insertRows(rows: NewRegistration[]): Promise<Inserted[]> {
  const withIds = rows.map((r) => ({
    id: randomUUID(),
    token: randomUUID(),
    key: r.idempotencyKey ?? null,
    caller: r.caller ?? null,
    hash: r.requestHash,
    email: r.email.toLowerCase(),
    payload: r.payload,
    locked_until: r.lockedUntil.toISOString(),
  }));
  const { rows: inserted } = await sqlPool().query<{ id: string }>(INSERT_SQL, [JSON.stringify(withIds)]);
  const ids = new Set(inserted.map((r) => r.id));
  return withIds.map((r) => (ids.has(r.id) ? { id: r.id, token: r.token } : null));
}

const inserts = rowBatcher(insertRows, undefined, INSERT_GAP_MS);

/** Store a registration as pending, leased to the caller until `lockedUntil`. */
export const insertRegistration = (row: NewRegistration): Promise<Inserted> => inserts.submit([row]);

/** A local copy of an object HubSpot holds for a registration; `slot` is its place (`deal:0`). */
export interface ObjectRef {
  slot: string;
  objectType: string;
  hubspotId: string;
  label: string;
}

const refProblem = (refs: ObjectRef[]) => {
  const bad = refs.find((o) => typeof o.hubspotId !== "string" || !o.hubspotId);
  return bad && `HubSpot gave no id for ${bad.slot}`;
};

/** What one attempt learnt from HubSpot so far: the contact's id and/or objects it created. */
export interface Progress {
  id: string;
  token: string;
  contactId?: string;
  refs: ObjectRef[];
}

const toRefsJson = (rows: { id: string; refs: ObjectRef[] }[]) =>
  JSON.stringify(rows.flatMap((r) => r.refs.map((o) => ({ object_type: o.objectType, hubspot_id: o.hubspotId, label: o.label, registration_id: r.id }))));

async function progressRows(rows: Progress[]): Promise<true[]> {
  const regs = rows.map((r) => ({
    id: r.id,
    token: r.token,
    contact_id: r.contactId ?? null,
    progress: Object.fromEntries([...(r.contactId ? [["contact", r.contactId]] : []), ...r.refs.map((o) => [o.slot, o.hubspotId])]),
  }));
  const params = [JSON.stringify(regs), toRefsJson(rows)];
  await withRetries(() => sqlPool().query(RECORD_PROGRESS_SQL, params));
  return rows.map(() => true);
}

const progressWrites = rowBatcher(progressRows, (r) => (r.contactId === "" ? "HubSpot gave no contact id" : refProblem(r.refs)));

/**
 * Record at once what HubSpot holds for a registration (its contact, each deal or ticket created),
 * so that a later attempt skips it and a refusal of the rest still leaves it recorded.
 */
export const recordProgress = (row: Progress): Promise<true> => progressWrites.submit([row]);

export interface SyncedRegistration {
  id: string;
  token: string;
  contactId: string;
  dealIds: string[];
  ticketIds: string[];
  /** Local copies of what HubSpot now holds, for the local tables. */
  refs: ObjectRef[];
}

async function markRows(rows: SyncedRegistration[]): Promise<boolean[]> {
  const regs = rows.map((r) => ({ id: r.id, token: r.token, contact_id: r.contactId, deal_ids: r.dealIds, ticket_ids: r.ticketIds }));
  const params = [JSON.stringify(regs), toRefsJson(rows)];
  const { rows: marked } = await withRetries(() => sqlPool().query<{ id: string }>(MARK_SYNCED_SQL, params));
  const ids = new Set(marked.map((m) => m.id));
  return rows.map((r) => ids.has(r.id));
}

function syncedProblem(r: SyncedRegistration): string | undefined {
  if (!r.contactId) return "HubSpot gave no contact id";
  if ([...r.dealIds, ...r.ticketIds].some((id) => typeof id !== "string" || !id)) return "HubSpot gave no id for one of its objects";
  return refProblem(r.refs);
}

const syncedWrites = rowBatcher(markRows, syncedProblem);

/**
 * Record that a registration reached HubSpot, with the ids HubSpot gave its objects. False when the
 * attempt's lease was taken over meanwhile (its holder records the outcome). A row with a missing
 * id fails alone with the reason; the rows of its statement are recorded.
 */
export const markSynced = (row: SyncedRegistration): Promise<boolean> => syncedWrites.submit([row]);

export { claimImportRows, claimRegistration, holdLease, recordOutcome, reopenRegistration, resumeAfterReconnect, type ClaimedRegistration, type Lease, type Outcome } from "./lease";

/** Valid rows registered per transaction when an import starts. */
const IMPORT_CHUNK_ROWS = 5_000;

/**
 * Every valid row of an import as a pending registration, in chunks of one transaction each;
 * `keyPrefix` + line is each row's Idempotency-Key. Safe to run again (after a crash, or for the
 * same file uploaded twice): rows already registered are linked, never inserted twice.
 */
export async function registerImportRows(importId: string, keyPrefix: string, caller: string | null): Promise<void> {
  for (;;) {
    const client = await sqlPool().connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ upto: number | null }>(IMPORT_NEXT_CHUNK_SQL, [importId, IMPORT_CHUNK_ROWS]);
      const upto = rows[0]?.upto;
      if (upto === null || upto === undefined) {
        await client.query("COMMIT");
        return;
      }
      await client.query(IMPORT_INSERT_SQL, [importId, keyPrefix, upto, caller]);
      await client.query(IMPORT_LINK_SQL, [importId, keyPrefix, upto]);
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}
