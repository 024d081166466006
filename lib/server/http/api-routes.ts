import "server-only";

/**
 * Every API route module of app/api, with the URL pattern Next.js gives it (`[param]` segments,
 * `[...rest]` catch-alls). The lean API server (api-server.ts), the test app and the test server
 * dispatch through this one table; tests/http/api-routes.test.ts checks it lists every route file.
 * `app/api/auth/[...nextauth]` is Next.js' own (Auth.js needs its request context): never here.
 */
export type RouteModule = Record<string, unknown>;

export interface ApiRoute {
  /** The route file's folder under app/, e.g. `/api/registrations/[registrationId]/retry`. */
  path: string;
  load: () => Promise<RouteModule>;
}

export const API_ROUTES: ApiRoute[] = [
  { path: "/api/crm/register", load: () => import("@/app/api/crm/register/route") },
  { path: "/api/crm/objects", load: () => import("@/app/api/crm/objects/route") },
  { path: "/api/crm/pipelines", load: () => import("@/app/api/crm/pipelines/route") },
  { path: "/api/crm/properties/[objectType]/[propertyName]", load: () => import("@/app/api/crm/properties/[objectType]/[propertyName]/route") },
  { path: "/api/objects/local", load: () => import("@/app/api/objects/local/route") },
  { path: "/api/objects/local-cursor", load: () => import("@/app/api/objects/local-cursor/route") },
  { path: "/api/registrations", load: () => import("@/app/api/registrations/route") },
  { path: "/api/registrations/[registrationId]", load: () => import("@/app/api/registrations/[registrationId]/route") },
  { path: "/api/registrations/[registrationId]/retry", load: () => import("@/app/api/registrations/[registrationId]/retry/route") },
  { path: "/api/api-keys", load: () => import("@/app/api/api-keys/route") },
  { path: "/api/api-keys/[keyId]", load: () => import("@/app/api/api-keys/[keyId]/route") },
  { path: "/api/imports", load: () => import("@/app/api/imports/route") },
  { path: "/api/imports/[importId]", load: () => import("@/app/api/imports/[importId]/route") },
  { path: "/api/imports/[importId]/start", load: () => import("@/app/api/imports/[importId]/start/route") },
  { path: "/api/imports/[importId]/rows", load: () => import("@/app/api/imports/[importId]/rows/route") },
  { path: "/api/imports/[importId]/results.csv", load: () => import("@/app/api/imports/[importId]/results.csv/route") },
  { path: "/api/webhooks", load: () => import("@/app/api/webhooks/route") },
  { path: "/api/webhooks/[endpointId]", load: () => import("@/app/api/webhooks/[endpointId]/route") },
  { path: "/api/webhooks/[endpointId]/deliveries", load: () => import("@/app/api/webhooks/[endpointId]/deliveries/route") },
  { path: "/api/webhooks/[endpointId]/test", load: () => import("@/app/api/webhooks/[endpointId]/test/route") },
  { path: "/api/hubspot/webhooks", load: () => import("@/app/api/hubspot/webhooks/route") },
  { path: "/api/health", load: () => import("@/app/api/health/route") },
  { path: "/api/metrics", load: () => import("@/app/api/metrics/route") },
  { path: "/api/operations", load: () => import("@/app/api/operations/route") },
  { path: "/api/docs", load: () => import("@/app/api/docs/route") },
  { path: "/api/[...path]", load: () => import("@/app/api/[...path]/route") },
];

/** The seed's own paths (next.config.ts rewrites them the same way). */
const SEED_PREFIXES = ["/crm/", "/objects/"];

/** Paths Next.js serves itself even under /api. */
export const isNextOwnedApiPath = (pathname: string) => pathname === "/api/auth" || pathname.startsWith("/api/auth/");

interface CompiledRoute {
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
  /** Static routes first, then dynamic, catch-alls last (Next.js' precedence). */
  rank: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|\\]/g, "\\$&");

function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  let rank = 0;
  const source = route.path
    .split("/")
    .map((segment) => {
      const rest = /^\[\.\.\.(\w+)\]$/.exec(segment);
      if (rest) {
        names.push(rest[1]);
        rank = 2;
        return "(.+)";
      }
      const param = /^\[(\w+)\]$/.exec(segment);
      if (param) {
        names.push(param[1]);
        rank = Math.max(rank, 1);
        return "([^/]+)";
      }
      return escape(segment);
    })
    .join("/");
  return { route, pattern: new RegExp(`^${source}$`), names, rank };
}

/** A malformed escape stays as sent: the route's params schema then refuses it. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const COMPILED = API_ROUTES.map(compile).sort((a, b) => a.rank - b.rank);

export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

/** The API route for a request path (seed paths included), or undefined when it is not the API's. */
export function matchApiRoute(pathname: string): RouteMatch | undefined {
  const apiPath = SEED_PREFIXES.some((p) => pathname.startsWith(p)) ? `/api${pathname}` : pathname;
  if (!apiPath.startsWith("/api/") || isNextOwnedApiPath(apiPath)) return undefined;
  for (const { route, pattern, names } of COMPILED) {
    const m = pattern.exec(apiPath);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1]);
    });
    return { route, params };
  }
  return undefined;
}
