import "server-only";
import { sqlPool } from "../db";

/** What a registration's payload becomes after its contact's privacy deletion. */
export const PRIVACY_TOMBSTONE = { privacy_deleted: true } as const;
/** The label left on a local reference to a privacy-deleted contact. */
export const PRIVACY_LABEL = "(deleted for privacy)";
/** Why an unfinished registration of a privacy-deleted contact stopped (no personal data in it). */
const STOPPED_REASON = "The contact was deleted in HubSpot for privacy: its data was removed here too and it is not sent again.";

/**
 * A contact's privacy (GDPR) deletion, everywhere this app keeps its personal data:
 * - the mirror row keeps only its id and times (a tombstone: nothing can bring the data back),
 *   and its associations go;
 * - every registration of the contact (by its HubSpot id, or by the email the mirror or the
 *   registration held) loses its payload (a tombstone), request hash, Idempotency-Key, email and
 *   last error; one not finished is failed, so it never writes the contact again;
 * - local references to the contact lose their label (the email).
 * Deals and tickets stay, as HubSpot keeps them. The webhook inbox never holds property values.
 * Returns how many registrations were scrubbed.
 */
export async function applyPrivacyDeletion(contactIds: string[], at: Date): Promise<number> {
  if (contactIds.length === 0) return 0;
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ email: string }>(
      `SELECT lower(properties->>'email') AS email FROM mirror_contact WHERE id = ANY($1::bigint[]) AND properties ? 'email'
       UNION SELECT email FROM registration WHERE contact_id = ANY($2::text[]) AND email IS NOT NULL`,
      [contactIds, contactIds],
    );
    const emails = rows.map((r) => r.email);
    await client.query(
      `INSERT INTO mirror_contact AS m (id, properties, created_at, modified_at, deleted_at, privacy_deleted_at, synced_at)
       SELECT id, '{}'::jsonb, $2, $2, $2, $2, now() FROM unnest($1::bigint[]) AS id
       ON CONFLICT (id) DO UPDATE SET properties = '{}'::jsonb, deleted_at = coalesce(m.deleted_at, $2),
         privacy_deleted_at = $2, synced_at = now()`,
      [contactIds, at],
    );
    await client.query(`DELETE FROM mirror_association WHERE contact_id = ANY($1::bigint[])`, [contactIds]);
    const { rowCount } = await client.query(
      `UPDATE registration SET payload = $3::jsonb, request_hash = '', idempotency_key = NULL, email = NULL,
         last_error = CASE WHEN status = 'synced' THEN NULL ELSE $4 END,
         status = CASE WHEN status = 'synced' THEN status ELSE 'failed' END,
         next_attempt_at = NULL
       WHERE contact_id = ANY($1::text[]) OR email = ANY($2::text[]) OR progress->>'contact' = ANY($1::text[])`,
      [contactIds, emails, JSON.stringify(PRIVACY_TOMBSTONE), STOPPED_REASON],
    );
    await client.query(`UPDATE crm_object_ref SET label = $2 WHERE object_type = 'contacts' AND hubspot_id = ANY($1::text[])`, [contactIds, PRIVACY_LABEL]);
    await client.query("COMMIT");
    return rowCount ?? 0;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
