import {
  addAssociation,
  CATEGORY,
  defaultType,
  listAssociations,
  objectExists,
  removeAssociationPair,
  renderType,
  typesBetween,
} from "./associations";
import { associationId, type HubSpotApiVersion } from "./api-versions";
import { readInputs, batchError, batchReply } from "./batch";
import { asArray, asRecord, asString, HttpError, json, noContent, validationError } from "./http";
import { requireObjectType, TYPE_INFO, type ObjectType } from "./object-types";
import { objectNotFound } from "./objects-store";
import { route, type RequestContext, type Route } from "./router";
import type { SandboxState } from "./state";

/** Association endpoints accept up to 1,000/2,000 inputs. */
const MAX_READ = 1_000;
const MAX_CREATE = 2_000;

function requireBoth(state: SandboxState, from: ObjectType, fromId: string, to: ObjectType, toId: string) {
  if (!objectExists(state, from, fromId)) throw objectNotFound(fromId);
  if (!objectExists(state, to, toId)) throw objectNotFound(toId);
}

/** Validates `[{associationCategory, associationTypeId}]` for the from→to direction. */
function parseTypeIds(from: ObjectType, to: ObjectType, raw: unknown): number[] {
  const allowed = typesBetween(from, to).map((t) => t.typeId);
  const specs = asArray(raw).map(asRecord);
  if (specs.length === 0) throw validationError("At least one association type is required");
  return specs.map(({ associationCategory, associationTypeId }) => {
    const typeId = Number(associationTypeId);
    if (associationCategory !== CATEGORY || !allowed.includes(typeId)) {
      throw validationError(
        `${String(associationCategory)} ${String(associationTypeId)} is not a valid association type ` +
          `from ${from} to ${to}. Valid: ${CATEGORY} ${allowed.join(", ")}`,
      );
    }
    return typeId;
  });
}

const pairOf = (ctx: RequestContext) => ({
  from: requireObjectType(ctx.params.from),
  to: requireObjectType(ctx.params.to),
});

function labelsBetween(version: HubSpotApiVersion, from: ObjectType, fromId: string, to: ObjectType, toId: string) {
  return {
    fromObjectTypeId: TYPE_INFO[from].typeId,
    fromObjectId: associationId(version, fromId),
    toObjectTypeId: TYPE_INFO[to].typeId,
    toObjectId: associationId(version, toId),
    labels: [] as string[],
  };
}

function associateDefault(state: SandboxState, from: ObjectType, fromId: string, to: ObjectType, toId: string) {
  requireBoth(state, from, fromId, to, toId);
  const spec = defaultType(from, to);
  addAssociation(state, from, fromId, to, toId, spec.typeId);
  const result = (a: string, b: string, typeId: number) => ({
    from: { id: a },
    to: { id: b },
    associationSpec: { associationCategory: CATEGORY, associationTypeId: typeId },
  });
  return [result(fromId, toId, spec.typeId), result(toId, fromId, spec.inverseTypeId)];
}

function getAssociations(ctx: RequestContext) {
  const { from, to } = pairOf(ctx);
  if (!objectExists(ctx.state, from, ctx.params.id)) throw objectNotFound(ctx.params.id);
  const results = listAssociations(ctx.state, from, ctx.params.id, to).map((edge) => ({
    toObjectId: associationId(ctx.apiVersion, edge.toId),
    associationTypes: edge.typeIds.map(renderType),
  }));
  return json(200, { results });
}

/** Runs one v4 batch: every input independently, failures reported in a 207. */
function eachInput(ctx: RequestContext, max: number, okStatus: number, run: (input: Record<string, unknown>) => unknown[]) {
  const startedAt = new Date().toISOString();
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const input of readInputs(ctx, max)) {
    try {
      results.push(...run(input));
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      errors.push(batchError(err));
    }
  }
  return batchReply(startedAt, results, errors, okStatus);
}

const idOf = (value: unknown) => asString(asRecord(value).id) ?? "";

function batchRead(ctx: RequestContext) {
  const { from, to } = pairOf(ctx);
  return eachInput(ctx, MAX_READ, 200, (input) => {
    const id = asString(input.id) ?? "";
    const edges = objectExists(ctx.state, from, id) ? listAssociations(ctx.state, from, id, to) : [];
    if (edges.length === 0) {
      throw new HttpError(404, {
        category: "OBJECT_NOT_FOUND",
        subCategory: "crm.associations.NO_ASSOCIATIONS_FOUND",
        message: `No ${TYPE_INFO[to].singular} is associated with ${TYPE_INFO[from].singular} ${id}.`,
        context: { fromObjectId: [id] },
      });
    }
    const toResults = edges.map((e) => ({ toObjectId: associationId(ctx.apiVersion, e.toId), associationTypes: e.typeIds.map(renderType) }));
    return [{ from: { id }, to: toResults }];
  });
}

export const associationRoutes: Route[] = [
  route("GET", "/crm/v4/associations/:from/:to/labels", (ctx) => {
    const { from, to } = pairOf(ctx);
    return json(200, { results: typesBetween(from, to).map((t) => renderType(t.typeId)) });
  }),
  route("PUT", "/crm/v4/objects/:from/:id/associations/default/:to/:toId", (ctx) => {
    const { from, to } = pairOf(ctx);
    const results = associateDefault(ctx.state, from, ctx.params.id, to, ctx.params.toId);
    return batchReply(new Date().toISOString(), results, [], 200);
  }),
  route("PUT", "/crm/v4/objects/:from/:id/associations/:to/:toId", (ctx) => {
    const { from, to } = pairOf(ctx);
    const { id, toId } = ctx.params;
    const typeIds = parseTypeIds(from, to, ctx.json());
    requireBoth(ctx.state, from, id, to, toId);
    for (const typeId of typeIds) addAssociation(ctx.state, from, id, to, toId, typeId);
    return json(201, labelsBetween(ctx.apiVersion, from, id, to, toId));
  }),
  route("GET", "/crm/v4/objects/:from/:id/associations/:to", getAssociations),
  route("DELETE", "/crm/v4/objects/:from/:id/associations/:to/:toId", (ctx) => {
    const { from, to } = pairOf(ctx);
    removeAssociationPair(ctx.state, from, ctx.params.id, to, ctx.params.toId);
    return noContent();
  }),
  route("POST", "/crm/v4/associations/:from/:to/batch/associate/default", (ctx) => {
    const { from, to } = pairOf(ctx);
    return eachInput(ctx, MAX_CREATE, 200, (i) => associateDefault(ctx.state, from, idOf(i.from), to, idOf(i.to)));
  }),
  route("POST", "/crm/v4/associations/:from/:to/batch/create", (ctx) => {
    const { from, to } = pairOf(ctx);
    return eachInput(ctx, MAX_CREATE, 201, (input) => {
      const [fromId, toId] = [idOf(input.from), idOf(input.to)];
      const typeIds = parseTypeIds(from, to, input.types);
      requireBoth(ctx.state, from, fromId, to, toId);
      for (const typeId of typeIds) addAssociation(ctx.state, from, fromId, to, toId, typeId);
      return [labelsBetween(ctx.apiVersion, from, fromId, to, toId)];
    });
  }),
  route("POST", "/crm/v4/associations/:from/:to/batch/read", batchRead),
  route("POST", "/crm/v4/associations/:from/:to/batch/archive", (ctx) => {
    const { from, to } = pairOf(ctx);
    for (const input of readInputs(ctx, MAX_CREATE)) {
      const targets = Array.isArray(input.to) ? input.to : [input.to];
      for (const target of targets) removeAssociationPair(ctx.state, from, idOf(input.from), to, idOf(target));
    }
    return noContent();
  }),
];
