import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { env } from "../../env";
import { getHubSpot } from "../../hubspot";
import { Batcher, type QueueState } from "../../batcher";
import type { RequestGate } from "../../hubspot/client";
import { AHEAD_OF_PACE, BURST, WHEN_IDLE } from "../../hubspot/rate-limiter";
import { batchUpsert } from "../../hubspot/crm";
import { HubSpotError, HubSpotValidationError } from "../../hubspot/errors";
import { propertyNameOf } from "../../hubspot/schemas";
import { namingProperty } from "./classify-error";
import { createKeyedObjects, type ItemFailure, type KeyedInput } from "./create-keyed-objects";

/** HubSpot's batch endpoints take at most 100 inputs. */
const MAX_BATCH_INPUTS = 100;

/** Some of a caller's objects were refused by HubSpot (207 per-item errors); its neighbours were not. */
export class ItemsRefusedError extends Error {
  /** `created`: the caller's other objects of the same call, which HubSpot did create (key → id). */
  constructor(
    readonly failures: ItemFailure[],
    readonly created: Map<string, string> = new Map(),
  ) {
    super(failures.map((f) => f.message).join("; "));
    this.name = "ItemsRefusedError";
  }
}

export interface ContactWrite {
  email: string;
  properties: Record<string, string>;
}

/** One batch/upsert by email for every contact waiting; the same email twice is sent once. */
async function sendContacts(groups: ContactWrite[][], hasSlot: boolean): Promise<(string | Error)[]> {
  const merged = new Map<string, Record<string, string>>();
  for (const [c] of groups) merged.set(c.email, { ...merged.get(c.email), ...c.properties });
  const res = await batchUpsert(
    getHubSpot(),
    "contacts",
    "email",
    [...merged].map(([email, properties]) => ({ id: email, properties, objectWriteTraceId: email })),
    hasSlot,
  );
  const ids = new Map<string, string>();
  for (const r of res.data.results) {
    const email = r.properties.email?.toLowerCase();
    if (email) ids.set(email, r.id);
  }
  if (merged.size === 1 && res.data.results.length === 1) ids.set([...merged.keys()][0], res.data.results[0].id);
  const refused = new Map<string, { message: string; propertyName?: string }>();
  for (const e of res.data.errors) {
    const email = e.context?.objectWriteTraceId?.[0];
    if (email) refused.set(email, { message: namingProperty(e.message ?? "refused by HubSpot", e), propertyName: propertyNameOf(e) });
  }
  return groups.map(([c]) => {
    const id = ids.get(c.email);
    if (id) return id;
    const why = refused.get(c.email);
    // Refused by name: the input is at fault. Neither returned nor refused: an answer we cannot read.
    if (!why) return new HubSpotError({ status: res.status, message: "HubSpot's answer did not include this contact" });
    const context = why.propertyName ? { propertyName: [why.propertyName] } : undefined;
    return new HubSpotValidationError({ status: 400, message: why.message, context });
  });
}

/** One batch/create for the objects of every caller waiting, exactly once each (sync keys). */
function sendKeyed(type: CrmObjectType) {
  return async (groups: KeyedInput[][], hasSlot: boolean): Promise<(string[] | Error)[]> => {
    const result = await createKeyedObjects(getHubSpot(), type, groups.flat(), hasSlot);
    return groups.map((group) => {
      const failures = result.failures.filter((f) => group.some((i) => i.key === f.key));
      if (failures.length) {
        const created = new Map(group.filter((i) => result.ids.has(i.key)).map((i) => [i.key, result.ids.get(i.key)!]));
        return new ItemsRefusedError(failures, created);
      }
      return group.map((i) => result.ids.get(i.key)!);
    });
  };
}

/** A whole batch refused for one bad input: split it to find the caller at fault. */
const isRefusal = (e: unknown) => e instanceof HubSpotValidationError;

const batchers = new Map<string, Batcher<unknown, unknown>>();

/**
 * How each kind takes its rate slots (rate-limiter.ts, docs/sending.md). Deals and tickets complete
 * registrations already under way: they go first and at once (the pace counts them but does not
 * hold them back). A batch of new contacts goes at the pace's burst when it is full or when the
 * previous call carried only a few (registrations trickle in); otherwise, under load, it waits
 * until the pace has been idle for a spacing, filling meanwhile. So the calls made stay below the
 * budget instead of saturating it with part-filled batches, and nothing that follows them waits.
 */
function slotFor(name: string, gate: RequestGate): (queue: QueueState) => Promise<void> {
  if (name !== "contacts") return () => gate.acquire(undefined, 1, undefined, AHEAD_OF_PACE);
  return (queue) => gate.acquire(undefined, 0, undefined, () => (queue.isFull() || queue.lastItems() <= BURST ? BURST : WHEN_IDLE));
}

function batcher<In, Out>(name: string, send: (groups: In[][], hasSlot: boolean) => Promise<(Out | Error)[]>): Batcher<In, Out> {
  let b = batchers.get(name);
  if (!b) {
    const gate = getHubSpot().opts.gate;
    b = new Batcher<In, Out>({
      maxItems: MAX_BATCH_INPUTS,
      maxInFlight: env.HUBSPOT_BATCH_CONCURRENCY,
      send,
      shouldSplit: isRefusal,
      acquire: gate && slotFor(name, gate),
      onFull: () => gate?.reconsider?.(),
    }) as Batcher<unknown, unknown>;
    batchers.set(name, b);
  }
  return b as Batcher<In, Out>;
}

/** The contact's id; shares its upsert call with other registrations in flight (background: after every other). */
export const upsertContactCoalesced = (contact: ContactWrite, isBackground = false) =>
  batcher<ContactWrite, string>("contacts", sendContacts).submit([contact], isBackground);

/** The objects' ids in order; shares its create call with other registrations in flight. */
export const createObjectsCoalesced = (type: "deals" | "tickets", items: KeyedInput[], isBackground = false) =>
  items.length ? batcher<KeyedInput, string[]>(type, sendKeyed(type)).submit(items, isBackground) : Promise.resolve([]);

/** Background contact upserts waiting for a call in this process: how much room the import feeder has. */
export const queuedBackgroundContacts = () => batchers.get("contacts")?.stats().queuedBackground ?? 0;
