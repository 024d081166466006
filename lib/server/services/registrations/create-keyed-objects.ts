import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { HubSpotClient } from "../../hubspot/client";
import { batchCreate, batchRead, type CreateInput } from "../../hubspot/crm";
import { HubSpotConflictError, HubSpotError, HubSpotValidationError } from "../../hubspot/errors";
import { propertyNameOf, type BatchResponse } from "../../hubspot/schemas";
import { namingProperty } from "./classify-error";
import { SYNC_KEY_PROPERTY } from "./sync-key";

export interface KeyedInput {
  /** Unique across all time for this object, e.g. `<registration id>:deal:0`. */
  key: string;
  properties: Record<string, string>;
  associations: CreateInput["associations"];
}

/** A per-item refusal from HubSpot (e.g. an invalid option) that only fails its own item. */
export interface ItemFailure {
  key: string;
  message: string;
  category?: string;
  /** The property HubSpot named (2026-09 write validation), if any. */
  propertyName?: string;
}

export interface KeyedResult {
  ids: Map<string, string>;
  failures: ItemFailure[];
}

const MAX_RECONCILE_ROUNDS = 3;

function collect(res: BatchResponse, out: KeyedResult, keys: Set<string>) {
  for (const obj of res.results) {
    const key = obj.properties[SYNC_KEY_PROPERTY];
    if (key && keys.has(key)) out.ids.set(key, obj.id);
  }
}

/** Keys HubSpot refused as duplicates (the object exists: a previous attempt created it). */
function failedItems(res: BatchResponse, keys: Set<string>) {
  const conflicts: string[] = [];
  const failures: ItemFailure[] = [];
  /** Errors that name no input (no objectWriteTraceId): they cannot be pinned on one item. */
  const unattributed: string[] = [];
  for (const err of res.errors) {
    const key = err.context?.objectWriteTraceId?.[0];
    const message = err.message ?? "refused by HubSpot";
    if (!key || !keys.has(key)) {
      unattributed.push(message);
      continue;
    }
    if (err.category === "CONFLICT" || /already has that value|already exists/i.test(message)) conflicts.push(key);
    else {
      failures.push({ key, message: namingProperty(message, err), category: err.category, propertyName: propertyNameOf(err) });
    }
  }
  return { conflicts, failures, unattributed };
}

/**
 * Items a 2xx answer neither returned nor refused by name: read back by key (HubSpot may have
 * created them); what is still missing fails alone, with the reason, and never as a missing id.
 */
async function settleUnaccounted(client: HubSpotClient, type: CrmObjectType, items: KeyedInput[], out: KeyedResult, unattributed: string[]) {
  const failed = new Set(out.failures.map((f) => f.key));
  const missing = items.filter((i) => !out.ids.has(i.key) && !failed.has(i.key)).map((i) => i.key);
  if (!missing.length) return;
  await readExisting(client, type, missing, out);
  const why = unattributed.length ? `HubSpot refused it without naming the input: ${unattributed.join("; ")}` : "HubSpot's answer did not include it";
  for (const key of missing) if (!out.ids.has(key)) out.failures.push({ key, message: why, category: "UNEXPECTED_ANSWER" });
}

async function readExisting(client: HubSpotClient, type: CrmObjectType, keys: string[], out: KeyedResult) {
  if (!keys.length) return;
  const res = await batchRead(client, type, keys, SYNC_KEY_PROPERTY, [SYNC_KEY_PROPERTY]);
  collect(res.data, out, new Set(keys));
}

/**
 * Create objects exactly once: one batch create carrying each item's sync key and its inline
 * associations. If the answer is lost or ambiguous, or HubSpot says a key already exists,
 * read by key what exists and create only what is missing. Never more than one copy.
 */
export async function createKeyedObjects(
  client: HubSpotClient,
  type: CrmObjectType,
  items: KeyedInput[],
  hasSlot = false,
): Promise<KeyedResult> {
  const out: KeyedResult = { ids: new Map(), failures: [] };
  let pending = items;
  for (let round = 0; pending.length; round++) {
    const keys = new Set(pending.map((i) => i.key));
    try {
      const res = await batchCreate(
        client,
        type,
        pending.map((i) => ({
          properties: { ...i.properties, [SYNC_KEY_PROPERTY]: i.key },
          associations: i.associations,
          objectWriteTraceId: i.key,
        })),
        hasSlot && round === 0,
      );
      collect(res.data, out, keys);
      const { conflicts, failures, unattributed } = failedItems(res.data, keys);
      out.failures.push(...failures);
      await readExisting(client, type, conflicts, out);
      await settleUnaccounted(client, type, pending, out, unattributed);
      return out;
    } catch (e) {
      const isRecoverable =
        e instanceof HubSpotConflictError || (e instanceof HubSpotError && e.isAmbiguous && !(e instanceof HubSpotValidationError));
      if (!isRecoverable || round >= MAX_RECONCILE_ROUNDS) throw e;
      await readExisting(client, type, [...keys], out);
      pending = pending.filter((i) => !out.ids.has(i.key));
    }
  }
  return out;
}
