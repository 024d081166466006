import { asArray, asRecord, asString, HttpError, json, noContent, validationError, type Reply } from "./http";
import { requireObjectType, TYPE_INFO, type ObjectType } from "./object-types";
import {
  archiveObject,
  commitCreate,
  commitUpdate,
  findObject,
  prepareCreate,
  prepareUpdate,
  renderObject,
  type Claims,
} from "./objects-store";
import { objectNotFound } from "./objects-store";
import { resolveMerged } from "./merge";
import { isUniqueIdProperty } from "./properties";
import { route, type RequestContext, type Route } from "./router";
import type { CrmObject, SandboxState } from "./state";

export const MAX_BATCH_INPUTS = 100;

/** Reads `{inputs:[...]}`, enforcing HubSpot's 100-input cap. */
export function readInputs(ctx: RequestContext, max = MAX_BATCH_INPUTS): Record<string, unknown>[] {
  const inputs = asRecord(ctx.json()).inputs;
  if (!Array.isArray(inputs)) throw validationError("Invalid input JSON: inputs must be an array");
  if (inputs.length > max) {
    throw validationError(`The maximum number of inputs supported in a batch request is ${max}`);
  }
  return inputs.map(asRecord);
}

/** A `StandardError` item of a 207 body, built from the error that a single input raised. */
export function batchError(err: HttpError, traceId?: string) {
  const { category, message, errors, context, subCategory } = err.body;
  return {
    status: "error",
    category,
    ...(subCategory ? { subCategory } : {}),
    message,
    ...(errors ? { errors } : {}),
    context: { ...asRecord(context), ...(traceId ? { objectWriteTraceId: [traceId] } : {}) },
  };
}

/** `{status:"COMPLETE", results, [numErrors, errors], startedAt, completedAt}` with 207 when errors exist. */
export function batchReply(startedAt: string, results: unknown[], errors: unknown[], okStatus: number): Reply {
  const body = {
    status: "COMPLETE",
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    startedAt,
    completedAt: new Date().toISOString(),
  };
  return json(errors.length > 0 ? 207 : okStatus, body);
}

/** Partial success only when every input carries a distinct `objectWriteTraceId`. */
export function traceIdsOf(inputs: Record<string, unknown>[]): string[] | undefined {
  const ids = inputs.map((i) => asString(i.objectWriteTraceId));
  const all = ids.filter((id): id is string => id !== undefined);
  return all.length === inputs.length && inputs.length > 0 && new Set(all).size === all.length ? all : undefined;
}

/**
 * Validates every input first, then writes. Without trace ids one bad input fails the whole
 * request with that input's error and nothing is written.
 */
function runWrites(
  inputs: Record<string, unknown>[],
  prepare: (input: Record<string, unknown>, claims: Claims) => () => unknown,
  okStatus: number,
  allowPartial = true,
): Reply {
  const startedAt = new Date().toISOString();
  const traceIds = allowPartial ? traceIdsOf(inputs) : undefined;
  const claims: Claims = new Map();
  const planned = inputs.map((input) => {
    try {
      return prepare(input, claims);
    } catch (err) {
      if (err instanceof HttpError) return err;
      throw err;
    }
  });
  const firstError = planned.find((p): p is HttpError => p instanceof HttpError);
  if (firstError && !traceIds) throw firstError;
  const results: unknown[] = [];
  const errors: unknown[] = [];
  planned.forEach((p, i) => {
    if (p instanceof HttpError) errors.push(batchError(p, traceIds?.[i]));
    else results.push(p());
  });
  return batchReply(startedAt, results, errors, okStatus);
}

function rejectDuplicateIds(inputs: Record<string, unknown>[]) {
  const ids = inputs.map((i) => asString(i.id) ?? "");
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length > 0) throw validationError(`Duplicate IDs found in batch input: [${[...new Set(dupes)].join(", ")}]`);
}

/** Rejects the whole request when an input's idProperty cannot identify one object. */
function requireUniqueIdProperties(state: SandboxState, type: ObjectType, inputs: Record<string, unknown>[], upsert: boolean) {
  for (const input of inputs) {
    const idProperty = asString(input.idProperty);
    if (!upsert && (idProperty === undefined || idProperty === "hs_object_id")) continue;
    const byEmail = type === "contacts" && idProperty === "email";
    if (!idProperty || !isUniqueIdProperty(state, type, idProperty) || (byEmail && !upsert)) {
      const name = idProperty ?? "(none)";
      throw validationError(`Unable to perform update/upsert by non-unique ${TYPE_INFO[type].typeId} property ${name}`);
    }
  }
}

function lookup(state: SandboxState, type: ObjectType, input: Record<string, unknown>): CrmObject {
  const id = asString(input.id) ?? "";
  const obj = findObject(state, type, id, asString(input.idProperty));
  if (!obj) throw objectNotFound(id);
  return obj;
}

const render = (state: SandboxState, obj: CrmObject, extra: Record<string, unknown> = {}) => ({
  ...renderObject(state, obj, { properties: "all" }),
  ...extra,
});

function batchCreate(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  return runWrites(readInputs(ctx), (input, claims) => {
    const prepared = prepareCreate(ctx.state, type, input, claims, ctx.apiVersion);
    return () => render(ctx.state, commitCreate(ctx.state, prepared));
  }, 201);
}

function batchUpdate(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const inputs = readInputs(ctx);
  rejectDuplicateIds(inputs);
  requireUniqueIdProperties(ctx.state, type, inputs, false);
  return runWrites(inputs, (input, claims) => {
    const obj = lookup(ctx.state, type, input);
    const props = prepareUpdate(ctx.state, obj, input.properties, claims, ctx.apiVersion);
    return () => render(ctx.state, commitUpdate(ctx.state, obj, props));
  }, 200);
}

/** Creates or updates by a unique `idProperty`; each result says `new`. */
function batchUpsert(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const inputs = readInputs(ctx);
  rejectDuplicateIds(inputs);
  requireUniqueIdProperties(ctx.state, type, inputs, true);
  // "Partial upserts are not supported when using email as the idProperty".
  const byEmail = inputs.some((i) => i.idProperty === "email");
  return runWrites(inputs, (input, claims) => {
    const id = asString(input.id) ?? "";
    const idProperty = asString(input.idProperty) ?? "";
    const existing = findObject(ctx.state, type, id, idProperty);
    if (existing) {
      const props = prepareUpdate(ctx.state, existing, input.properties, claims, ctx.apiVersion);
      return () => render(ctx.state, commitUpdate(ctx.state, existing, props), { new: false });
    }
    const properties = { ...asRecord(input.properties), [idProperty]: id };
    const prepared = prepareCreate(ctx.state, type, { properties }, claims, ctx.apiVersion);
    return () => render(ctx.state, commitCreate(ctx.state, prepared), { new: true });
  }, 200, !byEmail);
}

function batchRead(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const startedAt = new Date().toISOString();
  const body = asRecord(ctx.json());
  const inputs = readInputs(ctx);
  const idProperty = asString(body.idProperty);
  const archived = ctx.query.get("archived") === "true";
  const properties = asArray(body.properties).map(String);
  const found = new Map<string, CrmObject>();
  const missing: string[] = [];
  for (const input of inputs) {
    const id = asString(input.id) ?? "";
    const obj = archived ? archivedObject(ctx.state, type, id) : idProperty ? findObject(ctx.state, type, id, idProperty) : resolveMerged(ctx.state, type, id);
    if (obj) found.set(obj.id, obj);
    else if (!missing.includes(id)) missing.push(id);
  }
  const results = [...found.values()].map((o) => renderObject(ctx.state, o, { properties }));
  const errors = missing.length
    ? [{
        status: "error",
        category: "OBJECT_NOT_FOUND",
        message: `Could not get some ${TYPE_INFO[type].upper} objects, they may be deleted or not exist. Check that ids are valid.`,
        context: { ids: missing },
      }]
    : [];
  return batchReply(startedAt, results, errors, 200);
}

/** A deleted (archived) record, as `?archived=true` reads them; merged ones are not deleted ones. */
function archivedObject(state: SandboxState, type: ObjectType, id: string) {
  const obj = state.objects[type].get(id);
  return obj?.archived && !obj.mergedInto ? obj : undefined;
}

function batchArchive(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  for (const input of readInputs(ctx)) {
    const obj = ctx.state.objects[type].get(asString(input.id) ?? "");
    if (obj && !obj.archived) archiveObject(ctx.state, obj);
  }
  return noContent();
}

export const batchRoutes: Route[] = [
  route("POST", "/crm/v3/objects/:type/batch/create", batchCreate),
  route("POST", "/crm/v3/objects/:type/batch/read", batchRead),
  route("POST", "/crm/v3/objects/:type/batch/update", batchUpdate),
  route("POST", "/crm/v3/objects/:type/batch/upsert", batchUpsert),
  route("POST", "/crm/v3/objects/:type/batch/archive", batchArchive),
];
