import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { sqlPool } from "../db";
import type { SimpleObject } from "../hubspot/schemas";
import { MIRROR_TABLE, MIRRORED_PROPERTIES } from "./tables";

/**
 * Every write to the mirror tables (plain SQL, one statement per batch). The guards make the
 * order of writers irrelevant: an older version never replaces a newer one, a deleted or merged
 * row comes back only from a fresh read (HubSpot restored it) or a version newer than the
 * deletion, and a privacy-deleted row never comes back.
 */

const rowsJson = (rows: unknown[]) => JSON.stringify(rows);

function mirroredProperties(type: CrmObjectType, properties: Record<string, string | null>) {
  const kept: Record<string, string> = {};
  for (const name of MIRRORED_PROPERTIES[type]) {
    const value = properties[name];
    if (value !== null && value !== undefined) kept[name] = value;
  }
  return kept;
}

/**
 * Store objects as HubSpot gave them. `isFresh`: from a read by id (the truth now), not from search
 * (whose index lags, so it may still show a record that was deleted). Returns the rows written.
 */
export async function upsertObjects(type: CrmObjectType, objects: SimpleObject[], isFresh: boolean): Promise<number> {
  if (objects.length === 0) return 0;
  const rows = objects.map((o) => ({ id: o.id, properties: mirroredProperties(type, o.properties), created_at: o.createdAt, modified_at: o.updatedAt }));
  const { rowCount } = await sqlPool().query(
    `INSERT INTO ${MIRROR_TABLE[type]} AS m (id, properties, created_at, modified_at, synced_at)
     SELECT o.id, o.properties, o.created_at, o.modified_at, now()
       FROM jsonb_to_recordset($1::jsonb) AS o(id bigint, properties jsonb, created_at timestamptz, modified_at timestamptz)
     ON CONFLICT (id) DO UPDATE SET properties = excluded.properties, created_at = excluded.created_at,
       modified_at = excluded.modified_at, synced_at = excluded.synced_at, deleted_at = NULL, merged_into = NULL
     WHERE m.privacy_deleted_at IS NULL AND excluded.modified_at >= m.modified_at
       AND ($2::boolean OR m.deleted_at IS NULL OR excluded.modified_at > m.deleted_at)`,
    [rowsJson(rows), isFresh],
  );
  return rowCount ?? 0;
}

export interface Gone {
  id: string;
  at: Date;
  /** The surviving record, when this one was merged into it. */
  into?: string;
}

/**
 * Mark records deleted (or merged into another) as of `at`. A record never mirrored gets a
 * tombstone, so a search that still lists it cannot bring it in. Their associations go. A plain
 * deletion of a merged record keeps its survivor (HubSpot may report the merged one deleted too).
 * Returns the ids newly marked.
 */
export async function markGone(type: CrmObjectType, gone: Gone[]): Promise<Set<string>> {
  if (gone.length === 0) return new Set();
  const rows = gone.map((g) => ({ id: g.id, at: g.at.toISOString(), survivor: g.into ?? null }));
  const { rows: marked } = await sqlPool().query<{ id: string }>(
    `INSERT INTO ${MIRROR_TABLE[type]} AS m (id, properties, created_at, modified_at, deleted_at, merged_into, synced_at)
     SELECT g.id, '{}'::jsonb, g.at, g.at, g.at, g.survivor, now()
       FROM jsonb_to_recordset($1::jsonb) AS g(id bigint, at timestamptz, survivor bigint)
     ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at, merged_into = coalesce(excluded.merged_into, m.merged_into), synced_at = now()
     WHERE m.modified_at <= excluded.deleted_at
       AND (m.deleted_at IS NULL OR (excluded.merged_into IS NOT NULL AND m.merged_into IS DISTINCT FROM excluded.merged_into))
     RETURNING id::text`,
    [rowsJson(rows)],
  );
  await dropAssociations(type, marked.map((r) => r.id));
  return new Set(marked.map((r) => r.id));
}

async function dropAssociations(type: CrmObjectType, ids: string[]) {
  if (ids.length === 0) return;
  if (type === "contacts") await sqlPool().query(`DELETE FROM mirror_association WHERE contact_id = ANY($1::bigint[])`, [ids]);
  else await sqlPool().query(`DELETE FROM mirror_association WHERE object_type = $1 AND object_id = ANY($2::bigint[])`, [type, ids]);
}

/**
 * Replace what the mirror holds of these objects' associations to `to` with what HubSpot said
 * (`byId`: each read id → its associated ids), in one transaction.
 */
export async function replaceAssociations(from: CrmObjectType, to: CrmObjectType, byId: Map<string, string[]>): Promise<void> {
  if (byId.size === 0) return;
  const ids = [...byId.keys()];
  const pairs = [...byId].flatMap(([id, others]) =>
    others.map((other) => (from === "contacts" ? { contact_id: id, object_id: other } : { contact_id: other, object_id: id })),
  );
  const objectType = from === "contacts" ? to : from;
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    if (from === "contacts") {
      await client.query(`DELETE FROM mirror_association WHERE contact_id = ANY($1::bigint[]) AND object_type = $2`, [ids, objectType]);
    } else {
      await client.query(`DELETE FROM mirror_association WHERE object_type = $1 AND object_id = ANY($2::bigint[])`, [objectType, ids]);
    }
    await client.query(
      `INSERT INTO mirror_association (contact_id, object_type, object_id)
       SELECT p.contact_id, $2, p.object_id FROM jsonb_to_recordset($1::jsonb) AS p(contact_id bigint, object_id bigint)
       ON CONFLICT DO NOTHING`,
      [rowsJson(pairs), objectType],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Records HubSpot no longer has even among its deleted ones: the mirror keeps their id and times
 * only. (Registrations are scrubbed only on HubSpot's privacy-deletion event: a record read by a
 * merged id that HubSpot did not list as merged must not lose them.)
 */
export async function forgetObjects(type: CrmObjectType, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sqlPool().query(
    `UPDATE ${MIRROR_TABLE[type]} SET properties = '{}'::jsonb, deleted_at = coalesce(deleted_at, now()), synced_at = now()
      WHERE id = ANY($1::bigint[]) AND properties <> '{}'::jsonb`,
    [ids],
  );
}

/** Ids of the given ones that the mirror holds as live rows. */
export async function liveIds(type: CrmObjectType, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sqlPool().query<{ id: string }>(
    `SELECT id::text FROM ${MIRROR_TABLE[type]} WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** The newest modified time the mirror holds of each id (to skip reads it already has). */
export async function modifiedTimes(type: CrmObjectType, ids: string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sqlPool().query<{ id: string; modified_at: Date }>(
    `SELECT id::text, modified_at FROM ${MIRROR_TABLE[type]} WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.modified_at]));
}
