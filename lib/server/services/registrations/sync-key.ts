import "server-only";
import type { CrmObjectType } from "@/lib/schemas/pagination";
import { db } from "../../db";
import type { HubSpotClient } from "../../hubspot/client";
import { createProperty, getProperty } from "../../hubspot/crm";
import { HubSpotConflictError, HubSpotNotFoundError } from "../../hubspot/errors";

/**
 * A unique-value custom property on deals and tickets. Each object we create carries a key
 * derived from its registration, so a retry after a lost response finds it instead of
 * creating it twice (HubSpot has no idempotency header; HUBSPOT-API.md §2.5).
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
