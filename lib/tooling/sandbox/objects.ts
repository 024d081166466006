import { asRecord, json, noContent, validationError } from "./http";
import { findObjectType, requireObjectType, type ObjectType } from "./object-types";
import {
  archiveObject,
  commitCreate,
  commitUpdate,
  objectNotFound,
  prepareCreate,
  prepareUpdate,
  renderObject,
  requireObject,
} from "./objects-store";
import { resolveMerged } from "./merge";
import { route, type RequestContext, type Route } from "./router";

/** `?properties=a,b&properties=c` → `["a","b","c"]` (HubSpot accepts both spellings). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function associationsParam(query: URLSearchParams): ObjectType[] {
  return listParam(query, "associations")
    .map(findObjectType)
    .filter((t): t is ObjectType => t !== undefined);
}

export const encodeCursor = (value: string) => Buffer.from(value).toString("base64url");

/** Cursors are the base64url of the last id served; anything else was not issued by us: 400. */
export function decodeCursor(after: string | null): number {
  if (!after) return 0;
  const decoded = Buffer.from(after, "base64url").toString("utf8");
  if (!/^\d+$/.test(decoded) || encodeCursor(decoded) !== after.replace(/=+$/, "")) {
    throw validationError(`Invalid paging cursor: after=${after}`);
  }
  return Number(decoded);
}

const clamp = (value: string | null, fallback: number, max: number) => {
  const n = Number(value ?? fallback);
  return Math.min(Math.max(Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback, 1), max);
};

/** GET /crm/v3/objects/{type}: id order, opaque `after` cursor, `paging` absent on the last page. */
function listObjects(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const limit = clamp(ctx.query.get("limit"), 10, 100);
  const archived = ctx.query.get("archived") === "true";
  const afterId = decodeCursor(ctx.query.get("after"));
  const matching = [...ctx.state.objects[type].values()]
    .filter((o) => o.archived === archived && Number(o.id) > afterId)
    .sort((a, b) => Number(a.id) - Number(b.id));
  const page = matching.slice(0, limit);
  const options = { properties: listParam(ctx.query, "properties"), associations: associationsParam(ctx.query) };
  const body: Record<string, unknown> = { results: page.map((o) => renderObject(ctx.state, o, options)) };
  if (matching.length > limit) {
    const after = encodeCursor(page[page.length - 1].id);
    const link = new URL(`${ctx.baseUrl}${ctx.path}`);
    link.searchParams.set("limit", String(limit));
    link.searchParams.set("after", after);
    body.paging = { next: { after, link: link.toString() } };
  }
  return json(200, body);
}

function createObject(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const input = asRecord(ctx.json());
  const obj = commitCreate(ctx.state, prepareCreate(ctx.state, type, input, undefined, ctx.apiVersion));
  return json(201, renderObject(ctx.state, obj, { properties: "all" }));
}

function getObject(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const { id } = ctx.params;
  const archived = ctx.query.get("archived") === "true";
  const idProperty = ctx.query.get("idProperty");
  // A merged id answers with the record it was merged into, as HubSpot does.
  const obj = archived
    ? ctx.state.objects[type].get(id)
    : idProperty
      ? requireObject(ctx.state, type, id, idProperty)
      : (resolveMerged(ctx.state, type, id) ?? requireObject(ctx.state, type, id));
  if (!obj || obj.archived !== archived) throw objectNotFound(id);
  const options = { properties: listParam(ctx.query, "properties"), associations: associationsParam(ctx.query) };
  return json(200, renderObject(ctx.state, obj, options));
}

function updateObject(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const obj = requireObject(ctx.state, type, ctx.params.id, ctx.query.get("idProperty"));
  const props = prepareUpdate(ctx.state, obj, asRecord(ctx.json()).properties, undefined, ctx.apiVersion);
  return json(200, renderObject(ctx.state, commitUpdate(ctx.state, obj, props), { properties: "all" }));
}

function deleteObject(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const obj = ctx.state.objects[type].get(ctx.params.id);
  // HubSpot answers 204 for ids that are already gone.
  if (obj && !obj.archived) archiveObject(ctx.state, obj);
  return noContent();
}

export const objectRoutes: Route[] = [
  route("GET", "/crm/v3/objects/:type", listObjects),
  route("POST", "/crm/v3/objects/:type", createObject),
  route("GET", "/crm/v3/objects/:type/:id", getObject),
  route("PATCH", "/crm/v3/objects/:type/:id", updateObject),
  route("DELETE", "/crm/v3/objects/:type/:id", deleteObject),
];
