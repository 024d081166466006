/*
 * HubSpot's search index lags writes ("it may take a few moments for newly created or updated
 * CRM objects to appear in search results"). With `searchIndexLagMs` set, every write records a
 * version of the object that search shows only once that lag has passed; until then search shows
 * the version before (or nothing, for a new object). Reads by id are never stale.
 */
import type { CrmObject, SandboxState } from "./state";

export interface SearchVersion {
  visibleAt: number;
  properties: Record<string, string>;
  archived: boolean;
}

/** Records the object's state as search will see it `searchIndexLagMs` from now. */
export function indexForSearch(state: SandboxState, obj: CrmObject): void {
  const lag = state.config.searchIndexLagMs;
  if (lag <= 0) {
    obj.searchVersions = undefined;
    return;
  }
  const now = Date.now();
  const versions = (obj.searchVersions ??= []);
  // Keep the newest version already visible and every one still pending.
  const visible = versions.filter((v) => v.visibleAt <= now).pop();
  obj.searchVersions = [...(visible ? [visible] : []), ...versions.filter((v) => v.visibleAt > now)];
  obj.searchVersions.push({ visibleAt: now + lag, properties: { ...obj.properties }, archived: obj.archived });
}

/** The object as search sees it now, or undefined when search does not know it yet. */
export function searchView(obj: CrmObject, now = Date.now()): CrmObject | undefined {
  if (!obj.searchVersions) return obj;
  const version = obj.searchVersions.filter((v) => v.visibleAt <= now).pop();
  return version ? { ...obj, properties: version.properties, archived: version.archived } : undefined;
}
