import "server-only";

/**
 * The store's shared statements (./store.ts). Each takes its rows as one JSON parameter. Writes
 * of an attempt are fenced: `g.lease_token = v.token`, so an attempt whose lease was taken over
 * (by a worker, after it ran out) changes nothing.
 */

export const INSERT_SQL = `
  INSERT INTO registration (id, idempotency_key, caller, request_hash, email, payload, status, locked_until, lease_token, updated_at)
  SELECT v.id, v.key, v.caller, v.hash, v.email, v.payload, 'pending', v.locked_until, v.token, now()
    FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, token uuid, key text, caller text, hash text, email text, payload jsonb, locked_until timestamptz)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id`;

const INSERT_REFS = `
  refs AS (
    INSERT INTO crm_object_ref (object_type, hubspot_id, label, registration_id)
    SELECT o.object_type, o.hubspot_id, o.label, o.registration_id
      FROM jsonb_to_recordset($2::jsonb) AS o(object_type text, hubspot_id text, label text, registration_id uuid)
    ON CONFLICT (object_type, hubspot_id) DO NOTHING
  )`;

/**
 * Objects HubSpot holds, recorded as soon as it returns them: the refs, and the registration's
 * `progress` (merged, so two steps recorded in either order both stay). One statement, one
 * transaction. The refs are written even by a fenced-out attempt: the objects exist in HubSpot.
 */
export const RECORD_PROGRESS_SQL = `
  WITH ${INSERT_REFS}
  UPDATE registration AS g
     SET progress = g.progress || v.progress, contact_id = COALESCE(v.contact_id, g.contact_id), updated_at = now()
    FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, token uuid, contact_id text, progress jsonb)
   WHERE g.id = v.id AND g.lease_token = v.token`;

/** Refs and the rows' new state land together or not at all. Returns the ids it marked. */
export const MARK_SYNCED_SQL = `
  WITH ${INSERT_REFS}
  UPDATE registration AS g
     SET status = 'synced', contact_id = v.contact_id, deal_ids = v.deal_ids, ticket_ids = v.ticket_ids,
         synced_at = now(), updated_at = now(), last_error = NULL, attempts = g.attempts + 1,
         locked_until = NULL, lease_token = NULL, next_attempt_at = NULL
    FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, token uuid, contact_id text, deal_ids text[], ticket_ids text[])
   WHERE g.id = v.id AND g.lease_token = v.token
  RETURNING g.id`;

/**
 * An import's next valid rows (up to $3 lines, from import_row) become pending registrations, not
 * leased (the worker's import feeder takes them). The Idempotency-Key is the import's fingerprint
 * and the row's line, so the same file mapped the same way never makes a registration twice: a row
 * whose key exists is linked to the registration that has it (IMPORT_LINK_SQL).
 */
export const IMPORT_INSERT_SQL = `
  INSERT INTO registration (id, idempotency_key, caller, request_hash, email, payload, status, import_id, import_line, updated_at)
  SELECT gen_random_uuid(), $2::text || r.line, $4::text, encode(sha256(convert_to(r.payload::text, 'UTF8')), 'hex'), r.email, r.payload, 'pending', r.import_id, r.line, now()
    FROM import_row r
   WHERE r.import_id = $1 AND r.payload IS NOT NULL AND r.registration_id IS NULL AND r.line <= $3
   ORDER BY r.line
  ON CONFLICT (idempotency_key) DO NOTHING`;

export const IMPORT_LINK_SQL = `
  UPDATE import_row AS r SET registration_id = g.id
    FROM registration AS g
   WHERE r.import_id = $1 AND r.payload IS NOT NULL AND r.registration_id IS NULL AND r.line <= $3 AND g.idempotency_key = $2::text || r.line`;

/** The last line of the next `$2` valid rows not yet registered (null when none is left). */
export const IMPORT_NEXT_CHUNK_SQL = `
  SELECT max(line) AS upto FROM (
    SELECT line FROM import_row WHERE import_id = $1 AND payload IS NOT NULL AND registration_id IS NULL ORDER BY line LIMIT $2) AS c`;
