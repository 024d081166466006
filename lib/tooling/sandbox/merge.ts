/*
 * Merges and privacy deletions, as HubSpot does them. A merge keeps the primary record (or, with
 * `mergeCreatesNewId`, a new one: HubSpot's `newObjectId`), fills its empty properties from the
 * merged one, moves the merged one's associations to it and lists the merged id in
 * `hs_merged_object_ids`; reads of a merged id answer with the survivor. A privacy (GDPR)
 * deletion removes the contact for good: no archive, no search result, no read.
 */
import { addAssociation, listAssociations, removeAllAssociations } from "./associations";
import { emitChange } from "./change-events";
import { validationError } from "./http";
import type { ObjectType } from "./object-types";
import { archiveObject, commitCreate, commitUpdate, requireObject } from "./objects-store";
import type { CrmObject, SandboxState } from "./state";
import { unindexObject } from "./unique-index";

export const MERGED_IDS = "hs_merged_object_ids";
/** Kept from neither record: the survivor's own system values win. */
const SYSTEM = new Set(["hs_object_id", "createdate", "lastmodifieddate", "hs_lastmodifieddate", MERGED_IDS]);

/** The record a (possibly merged) id stands for now, following merges; undefined when gone. */
export function resolveMerged(state: SandboxState, type: ObjectType, id: string): CrmObject | undefined {
  let obj = state.objects[type].get(id);
  for (let hops = 0; obj?.mergedInto && hops < 20; hops++) obj = state.objects[type].get(obj.mergedInto);
  return obj && !obj.archived ? obj : undefined;
}

function mergedIdsOf(obj: CrmObject): string[] {
  return (obj.properties[MERGED_IDS] ?? "").split(";").filter(Boolean);
}

/** Merges `objectIdToMerge` into `primaryObjectId`; returns the survivor. */
export function mergeObjects(state: SandboxState, type: ObjectType, primaryObjectId: string, objectIdToMerge: string): CrmObject {
  if (primaryObjectId === objectIdToMerge) throw validationError("Cannot merge an object with itself");
  const primary = requireObject(state, type, primaryObjectId);
  const secondary = requireObject(state, type, objectIdToMerge);
  const filled: Record<string, string> = {};
  for (const [name, value] of Object.entries(secondary.properties)) {
    if (!SYSTEM.has(name) && primary.properties[name] === undefined && name !== "email") filled[name] = value;
  }
  if (type === "contacts" && secondary.properties.email) {
    filled.hs_additional_emails = [primary.properties.hs_additional_emails, secondary.properties.email].filter(Boolean).join(";");
  }
  const merged = [...new Set([...mergedIdsOf(primary), ...mergedIdsOf(secondary), secondary.id])];
  const newId = state.config.mergeCreatesNewId;
  const olds = newId ? [secondary, primary] : [secondary];
  const moved = olds.flatMap((old) => listAssociations(state, type, old.id));
  // Archived first, so the survivor takes over their unique values (the email).
  for (const old of olds) {
    old.mergedInto = primary.id;
    archiveObject(state, old);
  }
  let survivor = primary;
  if (newId) {
    const props = Object.fromEntries(Object.entries(primary.properties).filter(([name]) => !SYSTEM.has(name)));
    survivor = commitCreate(state, { type, properties: { ...props, ...filled }, associations: [] });
    for (const old of olds) old.mergedInto = survivor.id;
    merged.push(primary.id);
  }
  for (const edge of moved) for (const typeId of edge.typeIds) addAssociation(state, type, survivor.id, edge.toType, edge.toId, typeId);
  commitUpdate(state, survivor, { ...(survivor === primary ? filled : {}), [MERGED_IDS]: merged.join(";") });
  emitChange(state, type, survivor.id, "merge", {
    primaryObjectId: Number(primary.id),
    mergedObjectIds: [Number(secondary.id)],
    newObjectId: Number(survivor.id),
    numberOfPropertiesMoved: Object.keys(filled).length,
  });
  return survivor;
}

/** POST …/contacts/gdpr-delete: the contact is gone for good, with its associations. */
export function privacyDelete(state: SandboxState, contact: CrmObject): void {
  unindexObject(state, contact);
  removeAllAssociations(state, "contacts", contact.id);
  state.objects.contacts.delete(contact.id);
  contact.archived = true;
  emitChange(state, "contacts", contact.id, "privacyDeletion");
}
