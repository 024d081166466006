import type { ObjectType } from "./object-types";
import { isUniqueIdProperty } from "./properties";
import type { CrmObject, SandboxState } from "./state";

/**
 * Live objects by the value of a unique property (contact email, `hasUniqueValue` properties), as
 * HubSpot indexes them: a lookup costs the same with 10 objects or 100,000. Built on first use per
 * (type, property) and kept in step by every write (objects-store.ts: create, update, archive).
 */

/** HubSpot compares emails case-insensitively. */
export const normalizeUnique = (prop: string, value: string) => (prop === "email" ? value.toLowerCase() : value);

const indexKey = (type: ObjectType, prop: string) => `${type}\u0000${prop}`;

/** The index of a unique property, or undefined when the property is not unique (callers scan). */
export function uniqueIndex(state: SandboxState, type: ObjectType, prop: string): Map<string, CrmObject> | undefined {
  const key = indexKey(type, prop);
  let index = state.uniqueIndexes.get(key);
  if (index) return index;
  if (!isUniqueIdProperty(state, type, prop)) return undefined;
  index = new Map();
  for (const obj of state.objects[type].values()) {
    const value = obj.properties[prop];
    if (obj.archived || value === undefined) continue;
    const norm = normalizeUnique(prop, value);
    if (!index.has(norm)) index.set(norm, obj);
  }
  state.uniqueIndexes.set(key, index);
  return index;
}

function* indexesOf(state: SandboxState, type: ObjectType) {
  const prefix = indexKey(type, "");
  for (const [key, index] of state.uniqueIndexes) if (key.startsWith(prefix)) yield [key.slice(prefix.length), index] as const;
}

/** Add an object's values (after a create or an update). */
export function indexObject(state: SandboxState, obj: CrmObject): void {
  if (obj.archived) return;
  for (const [prop, index] of indexesOf(state, obj.type)) {
    const value = obj.properties[prop];
    if (value === undefined) continue;
    const norm = normalizeUnique(prop, value);
    if (!index.has(norm)) index.set(norm, obj);
  }
}

/** Remove an object's current values (before an update, or when it is archived). */
export function unindexObject(state: SandboxState, obj: CrmObject): void {
  for (const [prop, index] of indexesOf(state, obj.type)) {
    const value = obj.properties[prop];
    if (value === undefined) continue;
    const norm = normalizeUnique(prop, value);
    if (index.get(norm) === obj) index.delete(norm);
  }
}
