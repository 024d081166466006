import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { fieldIssuesFrom } from "@/lib/schemas/error";
import { errorResponse, toAppError } from "./error-response";
import { validationError } from "./errors";
import { logger, type Logger } from "./logger";
import { readJsonBody } from "./request-body";

export interface RouteContext<Q, B> {
  req: Request;
  query: Q;
  body: B;
  log: Logger;
  requestId: string;
  params: Record<string, string>;
}

interface RouteOptions<Q, B> {
  query?: z.ZodType<Q, unknown>;
  body?: z.ZodType<B, unknown>;
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
export function route<Q = undefined, B = undefined>(
  opts: RouteOptions<Q, B>,
  handler: (ctx: RouteContext<Q, B>) => Promise<Response>,
) {
  return async (req: Request, segment?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const url = new URL(req.url);
    const log = logger.child({ requestId });
    let res: Response;
    try {
      const query = opts.query ? parseQuery(opts.query, url) : (undefined as Q);
      let body = undefined as B;
      if (opts.body) {
        const parsed = opts.body.safeParse(await readJsonBody(req));
        if (!parsed.success) throw validationError(fieldIssuesFrom(parsed.error));
        body = parsed.data;
      }
      const params = (await segment?.params) ?? {};
      res = await handler({ req, query, body, log, requestId, params });
    } catch (e) {
      const err = toAppError(e);
      if (err.status >= 500) log.error({ err: err.cause ?? err, code: err.code }, err.message);
      res = errorResponse(err, requestId);
    }
    res.headers.set("x-request-id", requestId);
    log.info(
      { req: { method: req.method, path: url.pathname }, status: res.status, durationMs: Math.round(performance.now() - started) },
      "request",
    );
    return res;
  };
}
