import { addAssociation, planInlineAssociations, removeAllAssociations, renderV3Associations } from "./associations";
import type { PlannedAssociation } from "./associations";
import { hubspotError, validationError } from "./http";
import { TYPE_INFO, type ObjectType } from "./object-types";
import { ALWAYS_RETURNED, DEFAULT_READ_PROPERTIES, findProperty, isUniqueIdProperty, uniquePropertyNames } from "./properties";
import type { CrmObject, SandboxState } from "./state";
import { indexObject, normalizeUnique, uniqueIndex, unindexObject } from "./unique-index";
import { completeForCreate, normalizeProperties } from "./validation";
import type { HubSpotApiVersion } from "./api-versions";
import { enforceWriteRules } from "./write-rules";
import { emitChange, emitPropertyChanges } from "./change-events";
import { indexForSearch } from "./search-index";

/** Unique values already claimed by earlier inputs of the same batch. */
export type Claims = Map<string, string>;

export interface PreparedCreate {
  type: ObjectType;
  properties: Record<string, string>;
  associations: PlannedAssociation[];
}

const sameValue = (prop: string, a: string, b: string) =>
  prop === "email" ? a.toLowerCase() === b.toLowerCase() : a === b;

export function findByProperty(state: SandboxState, type: ObjectType, prop: string, value: string) {
  if (prop === "hs_object_id") return findLive(state, type, value);
  const index = uniqueIndex(state, type, prop);
  if (index) return index.get(normalizeUnique(prop, value));
  for (const obj of state.objects[type].values()) {
    const current = obj.properties[prop];
    if (!obj.archived && current !== undefined && sameValue(prop, current, value)) return obj;
  }
  return undefined;
}

function findLive(state: SandboxState, type: ObjectType, id: string) {
  const obj = state.objects[type].get(id);
  return obj && !obj.archived ? obj : undefined;
}

/** Looks an object up by id, or by a unique property when `idProperty` is given (400 if not unique). */
export function findObject(state: SandboxState, type: ObjectType, id: string, idProperty?: string | null) {
  if (!idProperty || idProperty === "hs_object_id") return findLive(state, type, id);
  if (!isUniqueIdProperty(state, type, idProperty)) {
    throw validationError(
      `Unable to perform update/upsert by non-unique ${TYPE_INFO[type].typeId} property ${idProperty}`,
    );
  }
  return findByProperty(state, type, idProperty, id);
}

export const objectNotFound = (id: string) =>
  hubspotError(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.", { context: { id: [id] } });

export function requireObject(state: SandboxState, type: ObjectType, id: string, idProperty?: string | null) {
  const obj = findObject(state, type, id, idProperty);
  if (!obj) throw objectNotFound(id);
  return obj;
}

/** 409 when a unique value (contact email or a `hasUniqueValue` property) is already taken. */
function checkUnique(
  state: SandboxState,
  type: ObjectType,
  props: Record<string, string | null>,
  selfId: string | undefined,
  claims: Claims,
) {
  for (const prop of uniquePropertyNames(state, type)) {
    const value = props[prop];
    if (value === undefined || value === null) continue;
    const existing = findByProperty(state, type, prop, value);
    if (existing && existing.id !== selfId) {
      const message =
        type === "contacts" && prop === "email"
          ? `Contact already exists. Existing ID: ${existing.id}`
          : `A ${TYPE_INFO[type].singular} with the unique value "${value}" for property ${prop} already exists. ` +
            `Existing ID: ${existing.id}`;
      throw hubspotError(409, "CONFLICT", message, { context: { id: [existing.id], propertyName: [prop] } });
    }
    const claimKey = `${prop}\u0000${normalizeUnique(prop, value)}`;
    const claimedBy = claims.get(claimKey);
    if (claimedBy !== undefined && claimedBy !== selfId) {
      throw validationError(`Duplicate value "${value}" for unique property ${prop} in batch input`);
    }
    claims.set(claimKey, selfId ?? `new:${claims.size}`);
  }
}

const defined = (props: Record<string, string | null>) =>
  Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null)) as Record<string, string>;

/** Validates a create without writing anything, so a batch can be all-or-nothing. */
export function prepareCreate(
  state: SandboxState,
  type: ObjectType,
  input: { properties?: unknown; associations?: unknown },
  claims: Claims = new Map(),
  version: HubSpotApiVersion = "legacy",
): PreparedCreate {
  const properties = completeForCreate(type, defined(normalizeProperties(state, type, input.properties)));
  enforceWriteRules(state, version, type, properties, undefined);
  checkUnique(state, type, properties, undefined, claims);
  return { type, properties, associations: planInlineAssociations(state, type, input.associations) };
}

/** `at`: the creation time to record (the control API's imports); default now. */
export function commitCreate(state: SandboxState, prepared: PreparedCreate, at?: string): CrmObject {
  const { type } = prepared;
  const id = String(state.nextId[type]++);
  const now = at ?? new Date().toISOString();
  const obj: CrmObject = {
    id,
    type,
    properties: {
      ...prepared.properties,
      hs_object_id: id,
      createdate: now,
      lastmodifieddate: now,
      hs_lastmodifieddate: now,
    },
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  state.objects[type].set(id, obj);
  indexObject(state, obj);
  for (const a of prepared.associations) addAssociation(state, type, id, a.to, a.toId, a.typeId);
  indexForSearch(state, obj);
  emitChange(state, type, id, "creation");
  return obj;
}

export function prepareUpdate(
  state: SandboxState,
  obj: CrmObject,
  properties: unknown,
  claims: Claims = new Map(),
  version: HubSpotApiVersion = "legacy",
): Record<string, string | null> {
  const props = normalizeProperties(state, obj.type, properties, obj.properties);
  enforceWriteRules(state, version, obj.type, props, obj.properties);
  checkUnique(state, obj.type, props, obj.id, claims);
  return props;
}

export function commitUpdate(state: SandboxState, obj: CrmObject, props: Record<string, string | null>): CrmObject {
  unindexObject(state, obj);
  const before = { ...obj.properties };
  const now = new Date().toISOString();
  for (const [name, value] of Object.entries(props)) {
    if (value === null) delete obj.properties[name];
    else obj.properties[name] = value;
  }
  Object.assign(obj.properties, { lastmodifieddate: now, hs_lastmodifieddate: now });
  obj.updatedAt = now;
  indexObject(state, obj);
  indexForSearch(state, obj);
  emitPropertyChanges(state, obj.type, obj.id, before, obj.properties);
  return obj;
}

export function archiveObject(state: SandboxState, obj: CrmObject): void {
  unindexObject(state, obj);
  obj.archived = true;
  obj.archivedAt = new Date().toISOString();
  removeAllAssociations(state, obj.type, obj.id);
  indexForSearch(state, obj);
  if (!obj.mergedInto) emitChange(state, obj.type, obj.id, "deletion");
}

export interface RenderOptions {
  /** "all" for write responses; a list for reads; undefined for the type's default list. */
  properties?: string[] | "all";
  associations?: ObjectType[];
}

/** The `SimplePublicObject(WithAssociations)` wire shape. */
export function renderObject(state: SandboxState, obj: CrmObject, options: RenderOptions = {}) {
  const wanted =
    options.properties === "all"
      ? Object.keys(obj.properties)
      : [...(options.properties?.length ? options.properties : DEFAULT_READ_PROPERTIES[obj.type]), ...ALWAYS_RETURNED[obj.type]];
  // A read names a defined property without a value as `null`; write responses list only set ones.
  const properties: Record<string, string | null> = {};
  for (const name of [...new Set(wanted)].sort()) {
    if (obj.properties[name] !== undefined) properties[name] = obj.properties[name];
    else if (options.properties !== "all" && findProperty(state, obj.type, name)) properties[name] = null;
  }
  const associations = options.associations?.length
    ? renderV3Associations(state, obj.type, obj.id, options.associations)
    : undefined;
  return {
    id: obj.id,
    properties,
    createdAt: obj.createdAt,
    updatedAt: obj.updatedAt,
    archived: obj.archived,
    ...(obj.archivedAt ? { archivedAt: obj.archivedAt } : {}),
    ...(associations && Object.keys(associations).length > 0 ? { associations } : {}),
  };
}
