import "server-only";
import { db } from "../db";

/**
 * Scopes the app needs, as groups of alternatives: a group is met when any one of its scopes
 * was granted. Tickets accept the granular scopes or the older `tickets` scope.
 */
export const REQUIRED_SCOPE_GROUPS: readonly (readonly string[])[] = [
  ["crm.objects.contacts.read"],
  ["crm.objects.contacts.write"],
  ["crm.objects.deals.read"],
  ["crm.objects.deals.write"],
  ["crm.objects.tickets.read", "tickets"],
  ["crm.objects.tickets.write", "tickets"],
];

/** The first scope of every required group the granted list does not meet. */
export function findMissingScopes(granted: readonly string[]): string[] {
  const have = new Set(granted);
  return REQUIRED_SCOPE_GROUPS.filter((group) => !group.some((s) => have.has(s))).map((group) => group[0]);
}

/** Scopes HubSpot named in a 403 MISSING_SCOPES, kept until the portal is connected again. */
const OBSERVED_SETTING = "hubspot_missing_scopes";

export async function recordMissingScopes(scopes: string[]): Promise<void> {
  if (scopes.length === 0) return;
  const known = await getObservedMissingScopes();
  const value = [...new Set([...known, ...scopes])].sort();
  if (value.length === known.length) return;
  await db.portalSetting.upsert({ where: { key: OBSERVED_SETTING }, create: { key: OBSERVED_SETTING, value }, update: { value } });
}

export async function getObservedMissingScopes(): Promise<string[]> {
  const row = await db.portalSetting.findUnique({ where: { key: OBSERVED_SETTING } });
  return Array.isArray(row?.value) ? row.value.filter((s): s is string => typeof s === "string") : [];
}

export async function clearObservedMissingScopes(): Promise<void> {
  await db.portalSetting.deleteMany({ where: { key: OBSERVED_SETTING } });
}
