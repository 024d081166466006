import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "../env";
import { logger } from "../logger";
import { API_ROUTES, matchApiRoute } from "./api-routes";
import { BodyAdmission, bodyWeight } from "./body-admission";
import { toWebRequest, writeWebResponse } from "./node-adapter";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Request bodies this process works on at once (HTTP_INFLIGHT_MAX_BODY_BYTES); see body-admission.ts. */
export const bodyAdmission = new BodyAdmission(env.HTTP_INFLIGHT_MAX_BODY_BYTES);

/**
 * The API served straight from Node's HTTP server, beside Next.js in the same process: the same
 * route handlers (a Web Request in, a Response out, as Next.js calls them), without Next's routing,
 * rendering machinery and per-request context, which cost more CPU than the whole registration.
 * Pages, their assets and Auth.js stay with Next.js (lib/runtime/web-server.cjs decides).
 */
export function handlesPath(pathname: string): boolean {
  return matchApiRoute(pathname) !== undefined;
}

/** Loads every route module (and with them the database and HubSpot clients) before traffic. */
export async function loadApiRoutes(): Promise<void> {
  await Promise.all(API_ROUTES.map((r) => r.load()));
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** As Next.js answers them: HEAD wherever GET is, OPTIONS everywhere. */
function allowed(mod: Record<string, unknown>): string[] {
  return METHODS.filter((m) => typeof mod[m] === "function" || (m === "HEAD" && typeof mod.GET === "function") || m === "OPTIONS");
}

function methodNotAllowed(method: string, pathname: string, allow: string[]): Response {
  return Response.json(
    { success: false, error: { code: "METHOD_NOT_ALLOWED", message: `${method} is not allowed on ${pathname}.` } },
    { status: 405, headers: { allow: allow.join(", ") } },
  );
}

async function dispatch(req: IncomingMessage, origin: string): Promise<Response | undefined> {
  const pathname = (req.url ?? "/").split("?", 1)[0];
  const match = matchApiRoute(pathname);
  if (!match) return undefined;
  const mod = await match.route.load();
  const method = req.method ?? "GET";
  if (method === "OPTIONS" && !mod.OPTIONS) return new Response(null, { status: 204, headers: { allow: allowed(mod).join(", ") } });
  const handler = (mod[method] ?? (method === "HEAD" ? mod.GET : undefined)) as Handler | undefined;
  if (!handler) return methodNotAllowed(method, pathname, allowed(mod));
  const release = await bodyAdmission.admit(bodyWeight(method, req.headers));
  try {
    const request = await toWebRequest(req, origin);
    return await handler(request, { params: Promise.resolve(match.params) });
  } finally {
    release();
  }
}

/**
 * Answers `req` when it is an API request; false leaves it to Next.js. `origin` is the base for
 * the Request's URL (the route handlers take the public origin from configuration, never from it).
 */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, origin: string): Promise<boolean> {
  let response: Response | undefined;
  try {
    response = await dispatch(req, origin);
  } catch (err) {
    // The route wrapper maps every error itself; reaching here is a bug worth a loud 500.
    logger.error({ err, path: req.url }, "API request failed outside its route handler");
    response = Response.json({ success: false, error: { code: "INTERNAL_ERROR", message: "Internal server error." } }, { status: 500 });
  }
  if (!response) return false;
  await writeWebResponse(response, res).catch((err: unknown) => {
    logger.warn({ err, path: req.url }, "the answer could not be written (client gone?)");
    res.destroy();
  });
  return true;
}
