import { asRecord, asString, json, noContent, validationError } from "./http";
import { mergeObjects, privacyDelete } from "./merge";
import { requireObjectType } from "./object-types";
import { findObject, renderObject } from "./objects-store";
import { route, type RequestContext, type Route } from "./router";

/** POST /crm/v3/objects/{type}/merge `{primaryObjectId, objectIdToMerge}` → 200 with the survivor. */
function merge(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const body = asRecord(ctx.json());
  const primary = asString(body.primaryObjectId);
  const other = asString(body.objectIdToMerge);
  if (!primary || !other) throw validationError("Invalid input JSON: primaryObjectId and objectIdToMerge are required");
  return json(200, renderObject(ctx.state, mergeObjects(ctx.state, type, primary, other), { properties: "all" }));
}

/** POST /crm/v3/objects/contacts/gdpr-delete `{objectId, idProperty?}` → 204, the contact gone for good. */
function gdprDelete(ctx: RequestContext) {
  if (requireObjectType(ctx.params.type) !== "contacts") throw validationError("Only contacts can be deleted for privacy");
  const body = asRecord(ctx.json());
  const id = asString(body.objectId);
  if (!id) throw validationError("Invalid input JSON: objectId is required");
  const contact = findObject(ctx.state, "contacts", id, asString(body.idProperty));
  if (contact) privacyDelete(ctx.state, contact);
  return noContent();
}

export const mergeRoutes: Route[] = [
  route("POST", "/crm/v3/objects/:type/merge", merge),
  route("POST", "/crm/v3/objects/:type/gdpr-delete", gdprDelete),
];
