import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { classifyEvent, type EventKind } from "../hubspot-webhooks/events";
import type { Gone } from "./store";
import { isHubSpotId } from "./tables";

/** A stored webhook event, as the apply loop reads it from the inbox. */
export interface StoredEvent {
  id: string;
  subscriptionType: string;
  objectType: CrmObjectType;
  objectId: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** What to do to the mirror for a batch of events. */
export interface EventPlan {
  /** Read from HubSpot (and store what it answers), with the newest event time of each. */
  read: Record<CrmObjectType, Map<string, Date>>;
  /** Ids whose read may be skipped when the mirror already holds a version at least as new. */
  skippable: Set<string>;
  gone: Record<CrmObjectType, Gone[]>;
  /** Contacts deleted for privacy. */
  privacy: Map<string, Date>;
}

/** Within one instant: a creation before a change, a change before a merge or deletion. */
const RANK: Record<EventKind, number> = { creation: 0, restore: 1, change: 2, association: 2, merge: 3, deletion: 4, privacy_deletion: 5 };

const idsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String).filter(isHubSpotId);

/** The survivor and the records merged away, by both readings of `newObjectId` (docs/mirror.md). */
export function mergeOf(e: StoredEvent): { survivor: string; merged: string[] } {
  const primary = idsOf(e.payload.primaryObjectId)[0] ?? e.objectId;
  const survivor = idsOf(e.payload.newObjectId)[0] ?? primary;
  const merged = [...idsOf(e.payload.mergedObjectIds), primary].filter((id) => id !== survivor);
  return { survivor, merged: [...new Set(merged)] };
}

const empty = <T>(make: () => T) => ({ contacts: make(), deals: make(), tickets: make() });
const key = (type: CrmObjectType, id: string) => `${type}/${id}`;

/**
 * Each object's events in order (occurredAt, then creation before change before deletion); its
 * last one decides: deleted, merged into another, deleted for privacy (final whatever follows),
 * or read again, since a read gives HubSpot's state now, newer than every event.
 */
export function planEvents(events: StoredEvent[]): EventPlan {
  const plan: EventPlan = { read: empty(() => new Map()), skippable: new Set(), gone: empty(() => []), privacy: new Map() };
  const ordered = [...events].sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() ||
      RANK[classifyEvent(a)?.kind ?? "change"] - RANK[classifyEvent(b)?.kind ?? "change"] ||
      Number(a.id) - Number(b.id),
  );
  const last = new Map<string, { type: CrmObjectType; id: string; kind: EventKind | "merged"; at: Date; into?: string }>();
  for (const e of ordered) {
    const kind = classifyEvent(e)?.kind ?? "change";
    if (kind === "privacy_deletion" && e.objectType === "contacts") plan.privacy.set(e.objectId, e.occurredAt);
    if (kind === "merge") {
      const { survivor, merged } = mergeOf(e);
      for (const id of merged) last.set(key(e.objectType, id), { type: e.objectType, id, kind: "merged", at: e.occurredAt, into: survivor });
      last.set(key(e.objectType, survivor), { type: e.objectType, id: survivor, kind: "merge", at: e.occurredAt });
      continue;
    }
    const id = kind === "association" ? (idsOf(e.payload.fromObjectId)[0] ?? e.objectId) : e.objectId;
    // A merged record reported deleted as well is still the merged one (its survivor matters).
    if (kind === "deletion" && last.get(key(e.objectType, id))?.kind === "merged") continue;
    last.set(key(e.objectType, id), { type: e.objectType, id, kind, at: e.occurredAt });
  }
  for (const { type, id, kind, at, into } of last.values()) {
    if (type === "contacts" && plan.privacy.has(id)) continue;
    if (kind === "deletion" || kind === "privacy_deletion") plan.gone[type].push({ id, at });
    else if (kind === "merged") plan.gone[type].push({ id, at, into });
    else {
      plan.read[type].set(id, at);
      // A creation or change the mirror already has needs no read; merges and association changes do.
      if (kind === "creation" || kind === "change") plan.skippable.add(key(type, id));
    }
  }
  return plan;
}

export const planKey = key;
