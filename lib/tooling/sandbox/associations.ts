import { asArray, asRecord, asString, validationError } from "./http";
import { TYPE_INFO, type ObjectType } from "./object-types";
import type { SandboxState } from "./state";

/** One HUBSPOT_DEFINED association type. */
export interface AssociationType {
  from: ObjectType;
  to: ObjectType;
  typeId: number;
  inverseTypeId: number;
}

const pair = (from: ObjectType, to: ObjectType, typeId: number, inverseTypeId: number): AssociationType[] => [
  { from, to, typeId, inverseTypeId },
  { from: to, to: from, typeId: inverseTypeId, inverseTypeId: typeId },
];

export const ASSOCIATION_TYPES: AssociationType[] = [
  ...pair("deals", "contacts", 3, 4),
  ...pair("contacts", "tickets", 15, 16),
  ...pair("deals", "tickets", 27, 28),
];

export const CATEGORY = "HUBSPOT_DEFINED";

export function typesBetween(from: ObjectType, to: ObjectType): AssociationType[] {
  return ASSOCIATION_TYPES.filter((t) => t.from === from && t.to === to);
}

export function defaultType(from: ObjectType, to: ObjectType): AssociationType {
  const found = typesBetween(from, to)[0];
  if (!found) throw validationError(`${from} cannot be associated with ${to} in the sandbox`);
  return found;
}

/** `{category, typeId, label}` as the v4 API renders one type. */
export const renderType = (typeId: number) => ({ category: CATEGORY, typeId, label: null });

/** The v3 `type` string, e.g. `deal_to_contact`. */
export const v3TypeName = (from: ObjectType, to: ObjectType) =>
  `${TYPE_INFO[from].singular}_to_${TYPE_INFO[to].singular}`;

const key = (type: ObjectType, id: string) => `${type}/${id}`;

export function objectExists(state: SandboxState, type: ObjectType, id: string): boolean {
  const obj = state.objects[type].get(id);
  return obj !== undefined && !obj.archived;
}

/** Stores the association and its inverse, as HubSpot always shows both directions. */
export function addAssociation(
  state: SandboxState,
  from: ObjectType,
  fromId: string,
  to: ObjectType,
  toId: string,
  typeId: number,
): void {
  const spec = ASSOCIATION_TYPES.find((t) => t.from === from && t.to === to && t.typeId === typeId);
  if (!spec) throw validationError(`Association type ${typeId} is not valid from ${from} to ${to}`);
  const link = (a: string, b: string, id: number) => {
    const edges = state.associations.get(a) ?? new Map<string, Set<number>>();
    state.associations.set(a, edges);
    const ids = edges.get(b) ?? new Set<number>();
    edges.set(b, ids.add(id));
  };
  link(key(from, fromId), key(to, toId), typeId);
  link(key(to, toId), key(from, fromId), spec.inverseTypeId);
}

export function removeAssociationPair(
  state: SandboxState,
  from: ObjectType,
  fromId: string,
  to: ObjectType,
  toId: string,
): void {
  state.associations.get(key(from, fromId))?.delete(key(to, toId));
  state.associations.get(key(to, toId))?.delete(key(from, fromId));
}

export function removeAllAssociations(state: SandboxState, type: ObjectType, id: string): void {
  for (const other of state.associations.get(key(type, id))?.keys() ?? []) {
    state.associations.get(other)?.delete(key(type, id));
  }
  state.associations.delete(key(type, id));
}

export interface AssociationEdge {
  toType: ObjectType;
  toId: string;
  typeIds: number[];
}

export function listAssociations(
  state: SandboxState,
  from: ObjectType,
  fromId: string,
  to?: ObjectType,
): AssociationEdge[] {
  const edges = state.associations.get(key(from, fromId)) ?? new Map<string, Set<number>>();
  return [...edges.entries()]
    .map(([target, ids]) => {
      const [toType, toId] = target.split("/") as [ObjectType, string];
      return { toType, toId, typeIds: [...ids].sort((a, b) => a - b) };
    })
    .filter((edge) => edge.typeIds.length > 0 && (to === undefined || edge.toType === to))
    .sort((a, b) => Number(a.toId) - Number(b.toId));
}

export interface PlannedAssociation {
  to: ObjectType;
  toId: string;
  typeId: number;
}

/**
 * Checks inline `associations` of a create: `[{to:{id}, types:[{associationCategory, associationTypeId}]}]`.
 * The target type is inferred from the type id, as HubSpot does.
 */
export function planInlineAssociations(state: SandboxState, from: ObjectType, input: unknown): PlannedAssociation[] {
  if (input !== undefined && input !== null && !Array.isArray(input)) {
    throw validationError("Invalid input JSON: associations must be an array");
  }
  return asArray(input).flatMap((raw) => {
    const item = asRecord(raw);
    const toId = asString(asRecord(item.to).id);
    if (!toId) throw validationError("Invalid input JSON: associations[].to.id is required");
    const types = asArray(item.types);
    if (types.length === 0) throw validationError("Invalid input JSON: associations[].types must not be empty");
    return types.map((t) => {
      const { associationCategory, associationTypeId } = asRecord(t);
      const spec = ASSOCIATION_TYPES.find((a) => a.from === from && a.typeId === Number(associationTypeId));
      if (!spec || associationCategory !== CATEGORY) {
        throw validationError(
          `${String(associationCategory)} ${String(associationTypeId)} is not a valid association type from ${from}`,
        );
      }
      if (!objectExists(state, spec.to, toId)) {
        throw validationError(`One or more associations are invalid: ${spec.to} ${toId} does not exist`);
      }
      return { to: spec.to, toId, typeId: spec.typeId };
    });
  });
}

/** v3 `associations` block for reads: `{contacts:{results:[{id, type:"deal_to_contact"}]}}`. */
export function renderV3Associations(state: SandboxState, from: ObjectType, fromId: string, toTypes: ObjectType[]) {
  const out: Record<string, { results: { id: string; type: string }[] }> = {};
  for (const to of toTypes) {
    const results = listAssociations(state, from, fromId, to).flatMap((edge) =>
      edge.typeIds.map(() => ({ id: edge.toId, type: v3TypeName(from, to) })),
    );
    if (results.length > 0) out[to] = { results };
  }
  return out;
}
