import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { ApiKeyScope } from "@/lib/schemas/api-key";
import { fieldIssuesFrom } from "@/lib/schemas/error";
import { errorResponse, toAppError } from "./error-response";
import { hasScope } from "./auth/caller";
import { authenticateRequest, type Principal } from "./auth/request-auth";
import { AppError, validationError } from "./errors";
import { logger, type Logger } from "./logger";
import { recordHttpRequest } from "./ops/call-recorder";
import { readJsonBody } from "./request-body";

export interface RouteContext<Q, B, P = Record<string, string>> {
  req: Request;
  query: Q;
  body: B;
  log: Logger;
  requestId: string;
  params: P;
  /** Who is calling; null only on public routes. */
  principal: Principal | null;
}

/**
 * Who may call. `"required"` (default): a staff session or `Authorization: Bearer <API key>`;
 * `"session"`: signed-in staff only (API keys get 403); `"public"`: anyone (health, docs).
 */
export type RouteAuth = "required" | "session" | "public";

interface RouteOptions<Q, B, P> {
  query?: z.ZodType<Q, unknown>;
  body?: z.ZodType<B, unknown>;
  /** Path segments (`[keyId]`), parsed like the query. */
  params?: z.ZodType<P, unknown>;
  auth?: RouteAuth;
  /** The API-key scope the route needs (staff sessions have every scope). */
  scope?: ApiKeyScope;
}

async function authorize(req: Request, mode: RouteAuth, scope?: ApiKeyScope): Promise<Principal | null> {
  if (mode === "public") return null;
  const principal = await authenticateRequest(req);
  if (!principal) throw new AppError("UNAUTHORIZED", "Sign in, or send Authorization: Bearer <API key>.");
  if (mode === "session" && principal.kind !== "session") {
    throw new AppError("FORBIDDEN", "Only signed-in staff may do this; API keys cannot.");
  }
  if (scope && !hasScope(principal, scope)) throw new AppError("FORBIDDEN", `This API key lacks the "${scope}" scope.`);
  return principal;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

function parseQuery<Q>(schema: z.ZodType<Q, unknown>, url: URL): Q {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(fieldIssuesFrom(parsed.error), "The query string is not valid.");
  return parsed.data;
}

/**
 * Wraps a route handler: request id, child logger, query/body parsing with the domain schema,
 * error mapping to `{ success: false, error }`, and one log line per request.
 */
export function route<Q = undefined, B = undefined, P = Record<string, string>>(
  opts: RouteOptions<Q, B, P>,
  handler: (ctx: RouteContext<Q, B, P>) => Promise<Response>,
) {
  return async (req: Request, segment?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const url = new URL(req.url);
    const log = logger.child({ requestId });
    let res: Response;
    try {
      const principal = await authorize(req, opts.auth ?? "required", opts.scope);
      const query = opts.query ? parseQuery(opts.query, url) : (undefined as Q);
      let body = undefined as B;
      if (opts.body) {
        const parsed = opts.body.safeParse(await readJsonBody(req));
        if (!parsed.success) throw validationError(fieldIssuesFrom(parsed.error));
        body = parsed.data;
      }
      const rawParams = (await segment?.params) ?? {};
      const parsedParams = opts.params?.safeParse(rawParams);
      if (parsedParams && !parsedParams.success) {
        throw new AppError("NOT_FOUND", "No such resource.", { details: fieldIssuesFrom(parsedParams.error) });
      }
      const params = (parsedParams ? parsedParams.data : rawParams) as P;
      res = await handler({ req, query, body, log, requestId, params, principal });
    } catch (e) {
      const err = toAppError(e);
      if (err.status >= 500) log.error({ err: err.cause ?? err, code: err.code }, err.message);
      res = errorResponse(err, requestId);
    }
    res.headers.set("x-request-id", requestId);
    if (res.status === 401) res.headers.set("www-authenticate", 'Bearer realm="api"');
    const durationMs = performance.now() - started;
    log.info({ req: { method: req.method, path: url.pathname }, status: res.status, durationMs: Math.round(durationMs) }, "request");
    recordHttpRequest({ path: url.pathname, method: req.method, status: res.status, durationMs });
    return res;
  };
}
