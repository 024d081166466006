import "server-only";
import { sqlPool } from "../db";
import type { InboxRow } from "./events";

/**
 * Stores a batch of events in one statement; an event already stored (HubSpot's retry, a replay)
 * is skipped by its dedupe key. Returns how many were new. Nothing else happens on the request
 * path: the worker applies them (lib/server/mirror/apply-loop.ts).
 */
export async function storeWebhookEvents(rows: InboxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const { rowCount } = await sqlPool().query(
    `INSERT INTO hubspot_webhook_event (dedupe_key, event_id, subscription_type, object_type, object_id, occurred_at, payload)
     SELECT e.dedupe_key, e.event_id, e.subscription_type, e.object_type, e.object_id, e.occurred_at, e.payload
       FROM jsonb_to_recordset($1::jsonb) AS e(dedupe_key text, event_id text, subscription_type text, object_type text,
                                                object_id text, occurred_at timestamptz, payload jsonb)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      JSON.stringify(
        rows.map((r) => ({
          dedupe_key: r.dedupeKey,
          event_id: r.eventId,
          subscription_type: r.subscriptionType,
          object_type: r.objectType,
          object_id: r.objectId,
          occurred_at: r.occurredAt.toISOString(),
          payload: r.payload,
        })),
      ),
    ],
  );
  return rowCount ?? 0;
}
