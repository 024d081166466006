import "server-only";
import { CRM_OBJECT_TYPES, type CrmObjectType } from "@/lib/schemas/constants";
import { sqlPool } from "../db";
import { getMirrorHubSpot } from "../hubspot";
import { planEvents, planKey, type StoredEvent } from "./event-plan";
import { repointLocalReferences } from "./local-references";
import { applyPrivacyDeletion } from "./privacy";
import { refreshObjects } from "./refresh";
import { markGone, modifiedTimes } from "./store";

/** Events applied per round: one batch read per 100 objects of a type. */
export const APPLY_BATCH = 500;
/** After this many failed rounds an event is given up on (the catch-up still covers its object). */
const MAX_ATTEMPTS = 20;

interface EventRow {
  id: string;
  subscription_type: string;
  object_type: CrmObjectType;
  object_id: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

async function pendingEvents(): Promise<StoredEvent[]> {
  const { rows } = await sqlPool().query<EventRow>(
    `SELECT id::text, subscription_type, object_type, object_id, occurred_at, payload FROM hubspot_webhook_event
      WHERE applied_at IS NULL ORDER BY occurred_at, id LIMIT ${APPLY_BATCH}`,
  );
  return rows.map((r) => ({
    id: r.id,
    subscriptionType: r.subscription_type,
    objectType: r.object_type,
    objectId: r.object_id,
    occurredAt: r.occurred_at,
    payload: r.payload,
  }));
}

/** Reads the mirror already covers: a creation or change older than the version it holds. */
async function withoutKnown(type: CrmObjectType, wanted: Map<string, Date>, skippable: Set<string>): Promise<string[]> {
  const held = await modifiedTimes(type, [...wanted.keys()].filter((id) => skippable.has(planKey(type, id))));
  return [...wanted].filter(([id, at]) => !(held.get(id) && held.get(id)! >= at)).map(([id]) => id);
}

export interface ApplyResult {
  events: number;
  read: number;
  gone: number;
  privacy: number;
}

/**
 * One round of the apply loop (the caller holds the `apply` lease): the oldest pending events,
 * planned per object (./event-plan.ts), then privacy deletions, merges and deletions, then one
 * batch read per 100 changed objects (with their associations), then the events are marked
 * applied. A failure (HubSpot down) leaves them pending for the next round.
 */
export async function applyPendingEvents(): Promise<ApplyResult> {
  const events = await pendingEvents();
  if (events.length === 0) return { events: 0, read: 0, gone: 0, privacy: 0 };
  const ids = events.map((e) => e.id);
  const plan = planEvents(events);
  const result: ApplyResult = { events: events.length, read: 0, gone: 0, privacy: plan.privacy.size };
  try {
    for (const [id, at] of plan.privacy) await applyPrivacyDeletion([id], at);
    for (const type of CRM_OBJECT_TYPES) {
      const marked = await markGone(type, plan.gone[type]);
      result.gone += marked.size;
      const merges = plan.gone[type].filter((g) => g.into && marked.has(g.id));
      await repointLocalReferences(type, merges.map((g) => ({ id: g.id, into: g.into! })));
    }
    const client = getMirrorHubSpot();
    for (const type of CRM_OBJECT_TYPES) {
      const toRead = await withoutKnown(type, plan.read[type], plan.skippable);
      await refreshObjects(client, type, toRead);
      result.read += toRead.length;
    }
  } catch (err) {
    await sqlPool().query(
      `UPDATE hubspot_webhook_event SET attempts = attempts + 1, last_error = $2,
         applied_at = CASE WHEN attempts + 1 >= ${MAX_ATTEMPTS} THEN now() END
        WHERE id = ANY($1::bigint[])`,
      [ids, String((err as Error)?.message ?? err).slice(0, 500)],
    );
    throw err;
  }
  await sqlPool().query(`UPDATE hubspot_webhook_event SET applied_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  return result;
}

/** Applied events are kept this long, so HubSpot's retries (over about a day) still find them and are skipped. */
const KEEP_APPLIED_HOURS = 72;

export async function purgeAppliedEvents(): Promise<number> {
  const { rowCount } = await sqlPool().query(
    `DELETE FROM hubspot_webhook_event WHERE applied_at < now() - make_interval(hours => ${KEEP_APPLIED_HOURS})`,
  );
  return rowCount ?? 0;
}
