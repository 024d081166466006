import { hubspotError, type HttpError } from "./http";
import { findObjectType, type ObjectType } from "./object-types";

/** Every scope the sandbox knows; the private-app token has all of them unless configured. */
export const ALL_SCOPES = [
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.objects.deals.read",
  "crm.objects.deals.write",
  "crm.objects.tickets.read",
  "crm.objects.tickets.write",
  "crm.schemas.contacts.write",
  "crm.schemas.deals.write",
  "crm.schemas.tickets.write",
  "tickets",
];

/** A requirement is met by any one of its scopes (tickets also accept the older `tickets`). */
type Requirement = string[];

function objectScope(type: ObjectType, access: "read" | "write"): Requirement {
  const granular = `crm.objects.${type}.${access}`;
  return type === "tickets" ? [granular, "tickets"] : [granular];
}

function schemaScope(type: ObjectType): Requirement {
  return type === "tickets" ? ["crm.schemas.tickets.write", "tickets"] : [`crm.schemas.${type}.write`];
}

const isRead = (method: string, path: string) => method === "GET" || /\/(batch\/read|search)\/?$/.test(path);

/** What a `/crm` call needs, from its legacy path and route params. */
function requirementsOf(method: string, path: string, params: Record<string, string>): Requirement[] {
  const access = isRead(method, path) ? "read" : "write";
  if (path.startsWith("/crm/v3/properties/")) {
    const type = findObjectType(params.type ?? "");
    if (!type) return [];
    return method === "GET" ? [objectScope(type, "read")] : [schemaScope(type)];
  }
  if (path.startsWith("/crm/v3/property-validations/")) {
    const type = findObjectType(params.type ?? "");
    return type ? [objectScope(type, "read")] : [];
  }
  if (path.startsWith("/crm/v3/pipelines/")) {
    const type = findObjectType(params.type ?? "");
    return type ? [objectScope(type, "read")] : [];
  }
  // Associations need the scopes of both object types.
  const types = [params.type, params.from, params.to].map((t) => findObjectType(t ?? "")).filter((t): t is ObjectType => !!t);
  return [...new Set(types)].map((t) => objectScope(t, access));
}

/** 403 MISSING_SCOPES naming what the token lacks, in HubSpot's shape; undefined when it has them. */
export function missingScopesError(
  granted: readonly string[],
  method: string,
  path: string,
  params: Record<string, string>,
): HttpError | undefined {
  const have = new Set(granted);
  const missing = requirementsOf(method, path, params).filter((r) => !r.some((s) => have.has(s)));
  if (missing.length === 0) return undefined;
  return hubspotError(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call.", {
    errors: [
      {
        message: "One or more of the following scopes are required.",
        context: { requiredGranularScopes: missing.map((r) => r[0]) },
      },
    ],
  });
}
