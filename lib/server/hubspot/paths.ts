import "server-only";
import { HUBSPOT_API_VERSIONS, type HubSpotApiVersion } from "@/lib/runtime/hubspot-api-version";
import type { CrmObjectType } from "@/lib/schemas/constants";

export { HUBSPOT_API_VERSIONS, type HubSpotApiVersion };

/** HubSpot's object type ids, which the property-validations API takes instead of names. */
export const OBJECT_TYPE_ID: Record<CrmObjectType, string> = { contacts: "0-1", deals: "0-3", tickets: "0-5" };

export type BatchOperation = "create" | "read" | "update" | "upsert" | "archive";
export type AssociationBatchOperation = "associate/default" | "create" | "read" | "archive" | "labels/archive";

/**
 * Every HubSpot path the app calls, for one pinned API version. Nothing else builds HubSpot
 * paths: a new version is one more case here.
 *
 * - `legacy`: `/crm/v3/...` objects, properties and pipelines, `/crm/v4/...` associations,
 *   `/oauth/v3/token...` (the numbered paths HubSpot stops supporting in 2027).
 * - `2026-03`, `2026-09`: `/crm/objects/{v}/...`, `/crm/associations/{v}/...`,
 *   `/crm/properties/{v}/...`, `/crm/pipelines/{v}/...`.
 *
 * OAuth: HubSpot documents `/oauth/2026-03/token` (and its `introspect`/`revoke`); a
 * `/oauth/2026-09/token` is only listed by third parties, so both dated pins use 2026-03,
 * which works whichever reading is right.
 */
export interface HubSpotPaths {
  readonly version: HubSpotApiVersion;
  /** `GET` list, `POST` create. */
  objects(type: CrmObjectType): string;
  /** `GET`/`PATCH`/`DELETE` one record (by id, or by `idProperty` value). */
  object(type: CrmObjectType, id: string): string;
  batch(type: CrmObjectType, op: BatchOperation): string;
  search(type: CrmObjectType): string;
  /** `PUT` the default (unlabelled) association. */
  associateDefault(from: CrmObjectType, fromId: string, to: CrmObjectType, toId: string): string;
  /** `PUT` labelled, `DELETE` all between the pair. */
  associationPair(from: CrmObjectType, fromId: string, to: CrmObjectType, toId: string): string;
  /** `GET` the associations of one record to a type. */
  associationsOf(from: CrmObjectType, fromId: string, to: CrmObjectType): string;
  associationBatch(from: CrmObjectType, to: CrmObjectType, op: AssociationBatchOperation): string;
  associationLabels(from: CrmObjectType, to: CrmObjectType): string;
  properties(type: CrmObjectType): string;
  property(type: CrmObjectType, name: string): string;
  /** `GET` the validation rules of every property of a type. */
  propertyValidations(type: CrmObjectType): string;
  pipelines(type: CrmObjectType): string;
  oauthToken(): string;
  oauthIntrospect(): string;
  oauthRevoke(): string;
}

const seg = (value: string) => encodeURIComponent(value);

function build(version: HubSpotApiVersion): HubSpotPaths {
  const dated = version !== "legacy";
  const objectsBase = dated ? `/crm/objects/${version}` : "/crm/v3/objects";
  const assocObjectsBase = dated ? `/crm/objects/${version}` : "/crm/v4/objects";
  const assocBase = dated ? `/crm/associations/${version}` : "/crm/v4/associations";
  const propertiesBase = dated ? `/crm/properties/${version}` : "/crm/v3/properties";
  const pipelinesBase = dated ? `/crm/pipelines/${version}` : "/crm/v3/pipelines";
  const oauthBase = dated ? "/oauth/2026-03" : "/oauth/v3";
  return {
    version,
    objects: (type) => `${objectsBase}/${type}`,
    object: (type, id) => `${objectsBase}/${type}/${seg(id)}`,
    batch: (type, op) => `${objectsBase}/${type}/batch/${op}`,
    search: (type) => `${objectsBase}/${type}/search`,
    associateDefault: (from, fromId, to, toId) =>
      `${assocObjectsBase}/${from}/${seg(fromId)}/associations/default/${to}/${seg(toId)}`,
    associationPair: (from, fromId, to, toId) => `${assocObjectsBase}/${from}/${seg(fromId)}/associations/${to}/${seg(toId)}`,
    associationsOf: (from, fromId, to) => `${assocObjectsBase}/${from}/${seg(fromId)}/associations/${to}`,
    associationBatch: (from, to, op) => `${assocBase}/${from}/${to}/batch/${op}`,
    associationLabels: (from, to) => `${assocBase}/${from}/${to}/labels`,
    properties: (type) => `${propertiesBase}/${type}`,
    property: (type, name) => `${propertiesBase}/${type}/${seg(name)}`,
    // The rules API is published as 2026-03 (the dated line) and v3 (legacy).
    propertyValidations: (type) => `/crm/property-validations/${dated ? "2026-03" : "v3"}/${OBJECT_TYPE_ID[type]}`,
    pipelines: (type) => `${pipelinesBase}/${type}`,
    oauthToken: () => `${oauthBase}/token`,
    oauthIntrospect: () => `${oauthBase}/token/introspect`,
    oauthRevoke: () => `${oauthBase}/token/revoke`,
  };
}

const cache = new Map<HubSpotApiVersion, HubSpotPaths>();

/** The paths of one API version (HUBSPOT_API_VERSION for the process's client). */
export function hubSpotPaths(version: HubSpotApiVersion): HubSpotPaths {
  let paths = cache.get(version);
  if (!paths) cache.set(version, (paths = build(version)));
  return paths;
}

/** From 2026-09 HubSpot enforces a portal's admin rules (required properties) on API writes. */
export const enforcesWriteValidation = (version: HubSpotApiVersion) => version === "2026-09";
