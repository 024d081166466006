import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { sqlPool } from "../db";

export interface Merge {
  /** The record merged away. */
  id: string;
  /** The record that survives. */
  into: string;
}

/** Registration progress slots hold `"contact"`, `"deal:<i>"`, `"ticket:<i>"` → HubSpot id. */
const ID_COLUMN: Record<CrmObjectType, string> = { contacts: "contact_id", deals: "deal_ids", tickets: "ticket_ids" };
const PROGRESS_SLOTS: Record<CrmObjectType, string> = { contacts: "contact%", deals: "deal:%", tickets: "ticket:%" };

/**
 * Point this app's own records at the surviving id after HubSpot merged records: registrations'
 * contact id (or deal and ticket ids) and their progress, and the local references (a reference
 * to the merged record becomes one to the survivor, or goes if the survivor already has one).
 * Links in the dashboard then open the record that exists. Returns the registrations changed.
 */
export async function repointLocalReferences(type: CrmObjectType, merges: Merge[]): Promise<number> {
  const pairs = merges.filter((m) => m.id !== m.into);
  if (pairs.length === 0) return 0;
  const column = ID_COLUMN[type];
  const matches = type === "contacts" ? `contact_id = $1` : `$1 = ANY(${column})`;
  const newIds = type === "contacts" ? `$2` : `array_replace(${column}, $1, $2)`;
  const client = await sqlPool().connect();
  let changed = 0;
  try {
    await client.query("BEGIN");
    // One merge at a time: two records merged into one survivor, or one registration's two deals.
    for (const { id, into } of pairs) {
      const { rowCount } = await client.query(
        `UPDATE registration SET ${column} = ${newIds},
           progress = (SELECT coalesce(jsonb_object_agg(k, CASE WHEN k LIKE $3 AND v = to_jsonb($1::text) THEN to_jsonb($2::text) ELSE v END), '{}'::jsonb)
                         FROM jsonb_each(progress) AS p(k, v))
         WHERE ${matches}`,
        [id, into, PROGRESS_SLOTS[type]],
      );
      changed += rowCount ?? 0;
      await client.query(
        `DELETE FROM crm_object_ref o WHERE o.object_type = $3 AND o.hubspot_id = $1
           AND EXISTS (SELECT 1 FROM crm_object_ref s WHERE s.object_type = $3 AND s.hubspot_id = $2)`,
        [id, into, type],
      );
      await client.query(`UPDATE crm_object_ref SET hubspot_id = $2 WHERE object_type = $3 AND hubspot_id = $1`, [id, into, type]);
    }
    await client.query("COMMIT");
    return changed;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
