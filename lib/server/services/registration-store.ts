import "server-only";
import { randomUUID } from "node:crypto";
import type { DatabaseError } from "pg";
import { Batcher } from "../batcher";
import { sqlPool } from "../db";

/**
 * The two writes every registration makes on the request path, each shared by every registration
 * in flight: one INSERT for all new registrations, one statement for all that reached HubSpot.
 * Natural batching (../batcher.ts): an idle app writes at once; under load a statement carries
 * whatever arrived while the previous one ran. Plain SQL on the pool under Prisma: at hundreds of
 * registrations a second, a Prisma query per row was most of the server's CPU (docs/benchmarks.md).
 */

/** Rows per statement; a few hundred keeps the JSON parameter small. */
const MAX_ROWS = 500;
/** Statements of one kind in flight at once (the pool holds 20 connections). */
const IN_FLIGHT = 2;

/** A statement refused for its data (SQLSTATE class 22, e.g. a string PostgreSQL cannot store): split it to find the row. */
const isDataError = (e: unknown) => typeof (e as DatabaseError)?.code === "string" && (e as DatabaseError).code!.startsWith("22");

function rowBatcher<In, Out>(send: (rows: In[]) => Promise<(Out | Error)[]>) {
  return new Batcher<In, Out>({
    maxItems: MAX_ROWS,
    maxInFlight: IN_FLIGHT,
    send: (groups) => send(groups.map(([row]) => row)),
    shouldSplit: isDataError,
  });
}

export interface NewRegistration {
  payload: unknown;
  requestHash: string;
  idempotencyKey?: string;
  /** Who submitted it (auth/caller.ts). */
  caller?: string;
  lockedUntil: Date;
}

/** The new row's id, or null when a registration with this Idempotency-Key already exists. */
export type Inserted = { id: string } | null;

async function insertRows(rows: NewRegistration[]): Promise<Inserted[]> {
  const withIds = rows.map((r) => ({
    id: randomUUID(),
    key: r.idempotencyKey ?? null,
    caller: r.caller ?? null,
    hash: r.requestHash,
    payload: r.payload,
    locked_until: r.lockedUntil.toISOString(),
  }));
  const { rows: inserted } = await sqlPool().query<{ id: string }>(
    `INSERT INTO registration (id, idempotency_key, caller, request_hash, payload, status, locked_until, updated_at)
     SELECT v.id, v.key, v.caller, v.hash, v.payload, 'pending', v.locked_until, now()
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, key text, caller text, hash text, payload jsonb, locked_until timestamptz)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id`,
    [JSON.stringify(withIds)],
  );
  const ids = new Set(inserted.map((r) => r.id));
  return withIds.map((r) => (ids.has(r.id) ? { id: r.id } : null));
}

const inserts = rowBatcher(insertRows);

/** Store a registration as pending, leased to the caller until `lockedUntil`. */
export const insertRegistration = (row: NewRegistration): Promise<Inserted> => inserts.submit([row]);

export interface SyncedRegistration {
  id: string;
  contactId: string;
  dealIds: string[];
  ticketIds: string[];
  /** Local copies of what HubSpot now holds, for the local tables. */
  refs: { objectType: string; hubspotId: string; label: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Recording what HubSpot already holds is retried in place (a dropped connection, a serialization
 * failure): giving up would leave the registration pending, and the worker would spend HubSpot
 * calls reading back objects it already has the ids of. The statement is safe to repeat.
 */
async function withRetries<T>(work: () => Promise<T>, delaysMs = [50, 250, 1000]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (isDataError(e) || attempt >= delaysMs.length) throw e;
      await sleep(delaysMs[attempt]);
    }
  }
}

/** One statement, so one transaction: the refs and the rows' new state land together or not at all. */
const MARK_SYNCED_SQL = `
  WITH refs AS (
    INSERT INTO crm_object_ref (object_type, hubspot_id, label, registration_id)
    SELECT o.object_type, o.hubspot_id, o.label, o.registration_id
      FROM jsonb_to_recordset($2::jsonb) AS o(object_type text, hubspot_id text, label text, registration_id uuid)
    ON CONFLICT (object_type, hubspot_id) DO NOTHING
  )
  UPDATE registration AS g
     SET status = 'synced', contact_id = v.contact_id, deal_ids = v.deal_ids, ticket_ids = v.ticket_ids,
         synced_at = now(), updated_at = now(), last_error = NULL, attempts = g.attempts + 1,
         locked_until = NULL, next_attempt_at = NULL
    FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, contact_id text, deal_ids text[], ticket_ids text[])
   WHERE g.id = v.id`;

async function markRows(rows: SyncedRegistration[]): Promise<true[]> {
  const regs = rows.map((r) => ({ id: r.id, contact_id: r.contactId, deal_ids: r.dealIds, ticket_ids: r.ticketIds }));
  const refs = rows.flatMap((r) => r.refs.map((o) => ({ object_type: o.objectType, hubspot_id: o.hubspotId, label: o.label, registration_id: r.id })));
  const params = [JSON.stringify(regs), JSON.stringify(refs)];
  await withRetries(() => sqlPool().query(MARK_SYNCED_SQL, params));
  return rows.map(() => true);
}

const syncedWrites = rowBatcher(markRows);

/** Record that a registration reached HubSpot, with the ids HubSpot gave its objects. */
export const markSynced = (row: SyncedRegistration): Promise<true> => syncedWrites.submit([row]);
