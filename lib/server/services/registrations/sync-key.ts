import "server-only";
import { createHash } from "node:crypto";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { db } from "../../db";
import type { HubSpotClient } from "../../hubspot/client";
import { createProperty, getProperty } from "../../hubspot/crm";
import { HubSpotConflictError, HubSpotNotFoundError } from "../../hubspot/errors";

/**
 * A unique-value custom property on deals and tickets. Each object we create carries a key
 * derived from what the caller sent for it, so a retry after a lost response, and a corrected
 * resubmission of a partly refused registration, find it instead of creating it twice (HubSpot
 * has no idempotency header). docs/registration-states.md says why the key is the content.
 */
export const SYNC_KEY_PROPERTY = "crm_integration_sync_key";

const ensured = new Map<CrmObjectType, Promise<void>>();

async function ensureOnPortal(client: HubSpotClient, type: CrmObjectType) {
  const settingKey = `sync_key_property:${type}`;
  if (await db.portalSetting.findUnique({ where: { key: settingKey } })) return;
  try {
    await getProperty(client, type, SYNC_KEY_PROPERTY);
  } catch (e) {
    if (!(e instanceof HubSpotNotFoundError)) throw e;
    try {
      await createProperty(client, type, {
        name: SYNC_KEY_PROPERTY,
        label: "CRM integration sync key",
        description: "Written by the CRM integration so retries never duplicate a record.",
        groupName: type === "deals" ? "dealinformation" : "ticketinformation",
        type: "string",
        fieldType: "text",
        hasUniqueValue: true,
      });
    } catch (err) {
      if (!(err instanceof HubSpotConflictError)) throw err;
    }
  }
  await db.portalSetting.upsert({
    where: { key: settingKey },
    create: { key: settingKey, value: true },
    update: { value: true },
  });
}

/** Once per process and type (and once per portal, remembered in the database). */
export function ensureSyncKeyProperty(client: HubSpotClient, type: CrmObjectType): Promise<void> {
  let p = ensured.get(type);
  if (!p) {
    p = ensureOnPortal(client, type);
    ensured.set(type, p);
    p.catch(() => ensured.delete(type));
  }
  return p;
}

const canonical = (v: unknown): unknown =>
  v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)]))
    : v;

/**
 * The sync key of each deal or ticket of a registration, from the contact's email and the object
 * as the caller sent it; the n-th identical copy within one registration gets its own key.
 */
export function objectSyncKeys(email: string, kind: "deal" | "ticket", objects: unknown[]): string[] {
  const seen = new Map<string, number>();
  return objects.map((o) => {
    const content = JSON.stringify(canonical(o));
    const n = seen.get(content) ?? 0;
    seen.set(content, n + 1);
    const digest = createHash("sha256").update(`${email.toLowerCase()}\n${kind}\n${content}\n${n}`).digest("hex").slice(0, 40);
    return `${kind}:${digest}`;
  });
}
