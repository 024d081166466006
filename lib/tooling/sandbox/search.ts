import { asArray, asRecord, asString, json, validationError } from "./http";
import { requireObjectType, type ObjectType } from "./object-types";
import { renderObject } from "./objects-store";
import { findProperty } from "./properties";
import { route, type RequestContext, type Route } from "./router";
import { searchView } from "./search-index";
import type { CrmObject, SandboxState } from "./state";

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  values: string[];
  highValue?: string;
}

const OPERATORS = new Set([
  "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
  "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
]);

const LIMITS = { groups: 5, filtersPerGroup: 6, filters: 18, limit: 200, total: 10_000, bodyChars: 3_000 };

/** Orders two values the way the property's type does: numbers, dates, or case-insensitive text. */
function comparer(state: SandboxState, type: ObjectType, propertyName: string) {
  const def = findProperty(state, type, propertyName);
  const kind = propertyName === "hs_object_id" ? "number" : def?.type;
  const toMs = (v: string) => (/^\d+$/.test(v) ? Number(v) : Date.parse(v));
  return (a: string, b: string): number => {
    if (kind === "number") return Number(a) - Number(b);
    if (kind === "datetime" || kind === "date") return toMs(a) - toMs(b);
    if (kind === "enumeration") return a < b ? -1 : a > b ? 1 : 0;
    return a.toLowerCase().localeCompare(b.toLowerCase());
  };
}

function tokenMatch(actual: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return actual.toLowerCase().split(/[^\p{L}\p{N}@._*-]+/u).concat(actual.toLowerCase()).some((t) => regex.test(t));
}

const isText = (state: SandboxState, obj: CrmObject, filter: Filter) =>
  filter.propertyName !== "hs_object_id" && (findProperty(state, obj.type, filter.propertyName)?.type ?? "string") === "string";

/** 400 for a filter or sort on a property the type does not have (HubSpot does not ignore it). */
function requireProperties(state: SandboxState, type: ObjectType, names: string[]) {
  const unknown = names.find((n) => n !== "hs_object_id" && !findProperty(state, type, n));
  if (unknown === undefined) return;
  const message = `Property "${unknown}" does not exist`;
  throw validationError(message, { errors: [{ message, code: "PROPERTY_DOESNT_EXIST", context: { propertyName: [unknown] } }] });
}

function matchesFilter(state: SandboxState, obj: CrmObject, filter: Filter): boolean {
  const actual = filter.propertyName === "hs_object_id" ? obj.id : obj.properties[filter.propertyName];
  const cmp = comparer(state, obj.type, filter.propertyName);
  const value = filter.value ?? "";
  const has = actual !== undefined;
  switch (filter.operator) {
    case "HAS_PROPERTY": return has;
    case "NOT_HAS_PROPERTY": return !has;
    case "NEQ": return !has || cmp(actual, value) !== 0;
    case "NOT_IN": return !has || !filter.values.some((v) => (isText(state, obj, filter) ? actual.toLowerCase() === v : cmp(actual, v) === 0));
    case "NOT_CONTAINS_TOKEN": return !has || !tokenMatch(actual, value);
  }
  if (!has) return false;
  switch (filter.operator) {
    case "EQ": return cmp(actual, value) === 0;
    case "LT": return cmp(actual, value) < 0;
    case "LTE": return cmp(actual, value) <= 0;
    case "GT": return cmp(actual, value) > 0;
    case "GTE": return cmp(actual, value) >= 0;
    case "BETWEEN": return cmp(actual, value) >= 0 && cmp(actual, filter.highValue ?? value) <= 0;
    // Strings match IN lowercased: HubSpot expects lowercase values, so "Alice" finds nothing.
    case "IN": return filter.values.some((v) => (isText(state, obj, filter) ? actual.toLowerCase() === v : cmp(actual, v) === 0));
    default: return tokenMatch(actual, value); // CONTAINS_TOKEN
  }
}

function parseFilterGroups(raw: unknown): Filter[][] {
  const groups = asArray(raw).map((g) =>
    asArray(asRecord(g).filters).map((f): Filter => {
      const r = asRecord(f);
      const operator = asString(r.operator) ?? "EQ";
      if (!OPERATORS.has(operator)) throw validationError(`Invalid search operator: ${operator}`);
      return {
        propertyName: asString(r.propertyName) ?? "",
        operator,
        value: asString(r.value),
        values: asArray(r.values).map((v) => String(v)),
        highValue: asString(r.highValue),
      };
    }),
  );
  const total = groups.reduce((n, g) => n + g.length, 0);
  if (groups.length > LIMITS.groups || groups.some((g) => g.length > LIMITS.filtersPerGroup) || total > LIMITS.filters) {
    throw validationError(
      `Too many filters: at most ${LIMITS.groups} filterGroups of ${LIMITS.filtersPerGroup} filters, ${LIMITS.filters} in total`,
    );
  }
  return groups;
}

function parseSort(raw: unknown): { propertyName: string; descending: boolean } | undefined {
  const sorts = asArray(raw);
  if (sorts.length > 1) throw validationError("Only one sort is allowed");
  if (sorts.length === 0) return undefined;
  const s = sorts[0];
  if (typeof s === "string") {
    return { propertyName: s.replace(/^-/, ""), descending: s.startsWith("-") };
  }
  const r = asRecord(s);
  return { propertyName: asString(r.propertyName) ?? "hs_object_id", descending: r.direction === "DESCENDING" };
}

/**
 * POST /crm/v3/objects/{type}/search: OR of filter groups, AND inside one, one sort, offset paging,
 * over the index as it stands (search-index.ts).
 */
function search(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  if (ctx.rawBody.length > LIMITS.bodyChars) {
    throw validationError(`Search request body exceeds ${LIMITS.bodyChars} characters`);
  }
  const body = asRecord(ctx.json());
  const limit = Number(body.limit ?? 10);
  const offset = Number(asString(body.after) ?? 0);
  if (!Number.isInteger(limit) || limit < 0 || limit > LIMITS.limit) {
    throw validationError(`limit must be between 0 and ${LIMITS.limit}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + limit > LIMITS.total) {
    throw validationError(`Paging beyond ${LIMITS.total} results is not supported`);
  }
  const groups = parseFilterGroups(body.filterGroups);
  const sort = parseSort(body.sorts);
  requireProperties(ctx.state, type, [...groups.flat().map((f) => f.propertyName), ...(sort ? [sort.propertyName] : [])]);
  const text = asString(body.query)?.toLowerCase();
  // What the search index holds now, which lags writes when searchIndexLagMs is set.
  const now = Date.now();
  let matches = [...ctx.state.objects[type].values()].map((obj) => searchView(obj, now)).filter(
    (obj): obj is CrmObject =>
      obj !== undefined &&
      !obj.archived &&
      (groups.length === 0 || groups.some((g) => g.every((f) => matchesFilter(ctx.state, obj, f)))) &&
      (!text || Object.values(obj.properties).some((v) => v.toLowerCase().includes(text))),
  );
  matches.sort((a, b) => Number(a.id) - Number(b.id));
  if (sort) {
    const cmp = comparer(ctx.state, type, sort.propertyName);
    const get = (o: CrmObject) => (sort.propertyName === "hs_object_id" ? o.id : o.properties[sort.propertyName]);
    matches = matches.sort((a, b) => {
      const [x, y] = [get(a), get(b)];
      const order = x === undefined ? (y === undefined ? 0 : 1) : y === undefined ? -1 : cmp(x, y);
      return sort.descending ? -order : order;
    });
  }
  const properties = asArray(body.properties).map(String);
  const page = matches.slice(offset, offset + limit);
  const next = offset + limit < matches.length ? { paging: { next: { after: String(offset + limit) } } } : {};
  return json(200, {
    total: matches.length,
    results: page.map((obj) => renderObject(ctx.state, obj, { properties })),
    ...next,
  });
}

export const searchRoutes: Route[] = [route("POST", "/crm/v3/objects/:type/search", search)];
