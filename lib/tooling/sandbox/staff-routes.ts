/*
 * Control endpoints that change records the way staff do in HubSpot's own UI: no token, no rate
 * limit, and the webhooks they cause say `changeSource: "CRM_UI"`. Tests use them to change the
 * portal behind the app's back (edits, deletions, merges, privacy deletions, bulk imports).
 */
import { z } from "zod";
import { asRecord, json, noContent, validationError } from "./http";
import { mergeObjects, privacyDelete } from "./merge";
import { requireObjectType, type ObjectType } from "./object-types";
import { archiveObject, commitCreate, commitUpdate, objectNotFound, prepareCreate, prepareUpdate, renderObject, requireObject } from "./objects-store";
import { route, type RequestContext, type Route } from "./router";
import type { SandboxState } from "./state";
import { whenIdle } from "./webhooks";

/** Runs a change as staff would make it: its events say CRM_UI. */
function asStaff<T>(state: SandboxState, change: () => T): T {
  state.changeSource = "CRM_UI";
  try {
    return change();
  } finally {
    state.changeSource = "API";
  }
}

const createSchema = z.object({
  properties: z.record(z.string(), z.unknown()).optional(),
  associations: z.array(z.unknown()).optional(),
  /** Many at once, `{i}` in a value replaced by the record's number (0…count-1). */
  count: z.number().int().min(1).max(100_000).optional(),
  /** Creation (and last-modified) time to record, e.g. to make many records share one instant. */
  at: z.iso.datetime().optional(),
});

function create(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const parsed = createSchema.safeParse(ctx.json());
  if (!parsed.success) throw validationError(`Invalid create: ${parsed.error.message}`);
  const { properties = {}, associations, count, at } = parsed.data;
  const one = (i: number) => {
    const props = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, typeof v === "string" ? v.replaceAll("{i}", String(i)) : v]));
    return commitCreate(ctx.state, prepareCreate(ctx.state, type, { properties: props, associations }), at);
  };
  return asStaff(ctx.state, () => {
    if (count === undefined) return json(201, renderObject(ctx.state, one(0), { properties: "all" }));
    const ids = Array.from({ length: count }, (_, i) => one(i).id);
    return json(201, { created: ids.length, firstId: ids[0], lastId: ids[ids.length - 1] });
  });
}

function live(state: SandboxState, type: ObjectType, id: string) {
  const obj = state.objects[type].get(id);
  if (!obj || obj.archived) throw objectNotFound(id);
  return obj;
}

export const staffRoutes: Route[] = [
  route("POST", "/__sandbox/objects/:type", create),
  route("PATCH", "/__sandbox/objects/:type/:id", (ctx) => {
    const obj = live(ctx.state, requireObjectType(ctx.params.type), ctx.params.id);
    const props = prepareUpdate(ctx.state, obj, asRecord(ctx.json()).properties);
    return asStaff(ctx.state, () => json(200, renderObject(ctx.state, commitUpdate(ctx.state, obj, props), { properties: "all" })));
  }),
  route("DELETE", "/__sandbox/objects/:type/:id", (ctx) => {
    const obj = live(ctx.state, requireObjectType(ctx.params.type), ctx.params.id);
    asStaff(ctx.state, () => archiveObject(ctx.state, obj));
    return noContent();
  }),
  route("POST", "/__sandbox/objects/:type/merge", (ctx) => {
    const type = requireObjectType(ctx.params.type);
    const body = z.object({ primaryObjectId: z.coerce.string(), objectIdToMerge: z.coerce.string() }).safeParse(ctx.json());
    if (!body.success) throw validationError("Invalid merge: primaryObjectId and objectIdToMerge are required");
    const survivor = asStaff(ctx.state, () => mergeObjects(ctx.state, type, body.data.primaryObjectId, body.data.objectIdToMerge));
    return json(200, renderObject(ctx.state, survivor, { properties: "all" }));
  }),
  route("POST", "/__sandbox/objects/contacts/:id/privacy-delete", (ctx) => {
    const contact = requireObject(ctx.state, "contacts", ctx.params.id);
    asStaff(ctx.state, () => privacyDelete(ctx.state, contact));
    return noContent();
  }),
  /** Waits until every webhook event is delivered, dropped or given up on. */
  route("POST", "/__sandbox/webhooks/flush", async (ctx) => {
    await whenIdle({ config: ctx.state.config.webhooks, secret: ctx.state.config.clientSecret, runtime: ctx.state.webhooks });
    return json(200, ctx.state.webhooks.stats);
  }),
];
