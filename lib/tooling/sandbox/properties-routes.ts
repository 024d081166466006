import { renderValidations } from "./write-rules";
import { asArray, asRecord, asString, hubspotError, json, validationError } from "./http";
import { requireObjectType } from "./object-types";
import { findProperty, listProperties, renderProperty, type PropertyDefinition, type PropertyType } from "./properties";
import { route, type RequestContext, type Route } from "./router";

const TYPES: PropertyType[] = ["string", "number", "date", "datetime", "enumeration", "bool"];
const FIELD_TYPES = [
  "text", "textarea", "number", "date", "file", "select", "radio",
  "checkbox", "booleancheckbox", "phonenumber", "calculation_equation", "html",
];
/** HubSpot allows at most 10 unique-value properties per object. */
const MAX_UNIQUE = 10;

function getProperty(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const def = findProperty(ctx.state, type, ctx.params.name);
  if (!def) {
    throw hubspotError(404, "OBJECT_NOT_FOUND", `Unable to find property ${ctx.params.name} on object type ${type}`);
  }
  return json(200, renderProperty(def));
}

/** POST /crm/v3/properties/{type}: custom property; `hasUniqueValue` makes it an upsert/idProperty key. */
function createProperty(ctx: RequestContext) {
  const type = requireObjectType(ctx.params.type);
  const body = asRecord(ctx.json());
  const name = asString(body.name) ?? "";
  const label = asString(body.label);
  const groupName = asString(body.groupName);
  const propType = asString(body.type) as PropertyType | undefined;
  const fieldType = asString(body.fieldType);
  const problems = [
    !/^[a-z][a-z0-9_]*$/.test(name) && "name must start with a lowercase letter and use only a-z, 0-9 and _",
    !label && "label is required",
    !groupName && "groupName is required",
    !(propType && TYPES.includes(propType)) && `type must be one of ${TYPES.join(", ")}`,
    !(fieldType && FIELD_TYPES.includes(fieldType)) && `fieldType must be one of ${FIELD_TYPES.join(", ")}`,
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) throw validationError(`Property definition is not valid: ${problems.join("; ")}`);
  if (findProperty(ctx.state, type, name)) {
    throw hubspotError(409, "CONFLICT", `A property named '${name}' already exists.`, { context: { name: [name] } });
  }
  const hasUniqueValue = body.hasUniqueValue === true;
  const uniqueCount = listProperties(ctx.state, type).filter((d) => d.hasUniqueValue).length;
  if (hasUniqueValue && uniqueCount >= MAX_UNIQUE) {
    throw validationError(`An object can have at most ${MAX_UNIQUE} properties with unique values`);
  }
  const options = asArray(body.options).map((o) => {
    const r = asRecord(o);
    return { label: asString(r.label) ?? "", value: asString(r.value) ?? "" };
  });
  const def: PropertyDefinition = {
    name,
    label: label ?? name,
    type: propType ?? "string",
    fieldType: fieldType ?? "text",
    groupName: groupName ?? "",
    description: asString(body.description),
    options: options.length > 0 ? options : undefined,
    hasUniqueValue,
    hubspotDefined: false,
    createdAt: new Date().toISOString(),
  };
  ctx.state.customProperties[type].set(name, def);
  const reply = json(201, renderProperty(def));
  // 2026-09 answers 201 with a Location header.
  return ctx.apiVersion === "2026-09" ? { ...reply, headers: { location: `${ctx.baseUrl}/crm/properties/2026-09/${type}/${name}` } } : reply;
}

export const propertyRoutes: Route[] = [
  route("GET", "/crm/v3/properties/:type", (ctx) =>
    json(200, { results: listProperties(ctx.state, requireObjectType(ctx.params.type)).map(renderProperty) }),
  ),
  route("POST", "/crm/v3/properties/:type", createProperty),
  route("GET", "/crm/v3/properties/:type/:name", getProperty),
  // Dated twin: /crm/property-validations/2026-03/{objectTypeId}[/{propertyName}].
  route("GET", "/crm/v3/property-validations/:type", (ctx) =>
    json(200, { results: renderValidations(ctx.state, requireObjectType(ctx.params.type)) }),
  ),
  route("GET", "/crm/v3/property-validations/:type/:name", (ctx) => {
    const [found] = renderValidations(ctx.state, requireObjectType(ctx.params.type), ctx.params.name);
    return json(200, found ?? { propertyName: ctx.params.name, propertyValidationRules: [] });
  }),
];
