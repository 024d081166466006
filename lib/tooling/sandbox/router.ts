import type { HubSpotApiVersion } from "./api-versions";
import type { Reply } from "./http";
import type { SandboxState } from "./state";

/** Everything a route handler sees about one request. */
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The parsed JSON body (`{}` when empty); throws 400 on malformed JSON. */
  json(): unknown;
  state: SandboxState;
  /** Public base URL of the sandbox, for `paging.next.link` and redirects. */
  baseUrl: string;
  /** The bearer token that authenticated a `/crm` call. */
  token?: string;
  /** The API version the caller's path named (`path` is always the legacy twin). */
  apiVersion: HubSpotApiVersion;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
}

export function route(method: string, pattern: string, handler: Handler): Route {
  return { method, pattern, handler };
}

/** Compiles `/crm/v3/objects/:type/:id` style patterns; first declared match wins. */
export function createRouter(routes: Route[]) {
  const compiled: CompiledRoute[] = routes.map((r) => {
    const names: string[] = [];
    const source = r.pattern
      .split("/")
      .map((segment) => {
        if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
        names.push(segment.slice(1));
        return "([^/]+)";
      })
      .join("/");
    return { ...r, regex: new RegExp(`^${source}/?$`), names };
  });

  return {
    /** `null` when no pattern matches; `"method"` when the path exists for another method. */
    match(method: string, path: string): RouteMatch | "method" | null {
      let pathMatched = false;
      for (const r of compiled) {
        const m = r.regex.exec(path);
        if (!m) continue;
        pathMatched = true;
        if (r.method !== method) continue;
        const params: Record<string, string> = {};
        r.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
        return { handler: r.handler, params };
      }
      return pathMatched ? "method" : null;
    },
  };
}
