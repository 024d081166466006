import "server-only";

/** The statements of the import services; each takes its rows as one JSON parameter where it writes many. */

export const STAGE_ROWS_SQL = `
  INSERT INTO import_row (import_id, line, email, payload, issues)
  SELECT $1::uuid, v.line, v.email, v.payload, v.issues
    FROM jsonb_to_recordset($2::jsonb) AS v(line int, email text, payload jsonb, issues jsonb)`;

/** An import's own registrations by status (the index on import_id, status): the usual count. */
export const IMPORT_OWN_COUNTS_SQL = `
  SELECT status, count(*)::int AS n FROM registration WHERE import_id = $1 GROUP BY status`;

/**
 * The same through its rows, for an import whose rows were linked to another import's registrations
 * (the same file uploaded again). Valid rows not registered yet count as pending.
 */
export const IMPORT_LINKED_COUNTS_SQL = `
  SELECT CASE WHEN g.id IS NULL THEN 'pending' ELSE g.status END AS status, count(*)::int AS n
    FROM import_row r LEFT JOIN registration g ON g.id = r.registration_id
   WHERE r.import_id = $1 AND r.payload IS NOT NULL
   GROUP BY 1`;

/** Rows of the import linked to a registration another import made. */
export const IMPORT_LINKED_ROWS_SQL = `
  UPDATE import_job SET linked_rows = (
    SELECT count(*) FROM import_row r JOIN registration g ON g.id = r.registration_id
     WHERE r.import_id = $1 AND g.import_id IS DISTINCT FROM $1)
   WHERE id = $1`;

/** Rows from line $2 on, in line order, at most $3; `$4` filters by state (null: every row). */
export const IMPORT_ROWS_SQL = `
  SELECT r.line, r.email, r.issues, r.payload IS NOT NULL AS is_valid, r.registration_id,
         g.status, g.contact_id, g.deal_ids, g.ticket_ids, g.last_error
    FROM import_row r LEFT JOIN registration g ON g.id = r.registration_id
   WHERE r.import_id = $1 AND r.line > $2
     AND ($4::text IS NULL
          OR ($4 = 'invalid' AND r.payload IS NULL)
          OR ($4 = 'staged' AND r.payload IS NOT NULL AND g.id IS NULL)
          OR g.status = $4)
   ORDER BY r.line
   LIMIT $3`;

/** Running imports with nothing pending are done. */
export const FINISH_IMPORTS_SQL = `
  UPDATE import_job AS j SET status = 'done', finished_at = now(), updated_at = now()
   WHERE j.status = 'running' AND ($1::uuid IS NULL OR j.id = $1)
     AND NOT EXISTS (
       SELECT 1 FROM import_row r LEFT JOIN registration g ON g.id = r.registration_id
        WHERE r.import_id = j.id AND r.payload IS NOT NULL AND (r.registration_id IS NULL OR g.status = 'pending'))
  RETURNING j.id`;
