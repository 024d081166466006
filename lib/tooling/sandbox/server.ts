/*
 * HubSpot sandbox: a local HTTP server speaking HubSpot's wire format (OAuth, CRM objects,
 * properties, pipelines, associations, scopes, rate limits) on the date-versioned paths
 * (2026-03, 2026-09) and the legacy v3/v4 ones, over one store, for tests, benchmarks and e2e runs
 * with no internet. All data is held in memory and is lost when the process stops.
 * Its wire facts follow HubSpot's documentation as summarised in docs/hubspot.md.
 */
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sleep } from "../../runtime/sleep";
import { resolveApiPath } from "./api-versions";
import { associationRoutes } from "./associations-routes";
import { batchRoutes } from "./batch";
import { controlRoutes } from "./control";
import { controlAccessRefusal } from "./control-access";
import { faultError, refusalReply, takeFault, withoutResults } from "./faults";
import { errorReply, hubspotError, HttpError, parseJson, readBody, sendReply, type Reply } from "./http";
import { authorizeRoutes } from "./oauth-authorize";
import { countTokenRequest, isTokenEndpoint, oauthRoutes } from "./oauth";
import { mergeRoutes } from "./merge-routes";
import { objectRoutes } from "./objects";
import { pipelineRoutes } from "./pipelines";
import { propertyRoutes } from "./properties-routes";
import { inputsOf, refusalLatencyMs, workLatencyMs } from "./latency";
import { admitCall } from "./rate-limit";
import { createRouter, type RequestContext } from "./router";
import { searchRoutes } from "./search";
import { staffRoutes } from "./staff-routes";
import { buildConfig, type SandboxOptions } from "./options";
import { createState, type SandboxState } from "./state";
import { missingScopesError } from "./scopes";
import { authenticate, type Caller } from "./tokens";
import { stopWebhooks } from "./webhooks";

export type { SandboxState } from "./state";
export type { SandboxOptions } from "./options";

export interface Sandbox {
  url: string;
  port: number;
  close(): Promise<void>;
  /** The in-memory store, for in-process tests. */
  state: SandboxState;
}

const crmRouter = createRouter([
  ...searchRoutes,
  ...mergeRoutes,
  ...batchRoutes,
  ...objectRoutes,
  ...propertyRoutes,
  ...pipelineRoutes,
  ...associationRoutes,
]);
const oauthRouter = createRouter([...oauthRoutes, ...authorizeRoutes]);
const controlRouter = createRouter([...controlRoutes, ...staffRoutes]);


type Area = "control" | "crm" | "oauth" | "other";

function areaOf(path: string): Area {
  if (path.startsWith("/__sandbox/")) return "control";
  if (path.startsWith("/crm/")) return "crm";
  return path.startsWith("/oauth/") ? "oauth" : "other";
}

/** Waits out a call's latency: the work's once admitted, the base latency only when refused. */
type LatencyWait = (admitted: boolean) => Promise<void>;

function latencyWait(ctx: RequestContext): LatencyWait | undefined {
  const model = ctx.state.config.latency;
  if (model.baseMs <= 0 && model.perInputMs <= 0) return undefined;
  return (admitted) => {
    const ms = admitted ? workLatencyMs(model, inputsOf(ctx)) : refusalLatencyMs(model);
    return ms > 0 ? sleep(ms) : Promise.resolve();
  };
}

/**
 * Routes one request; `/crm` calls are authenticated and rate-limited before routing. A call is
 * counted against the rate window when it arrives, as HubSpot counts it; its latency comes after.
 */
async function dispatch(area: Area, ctx: RequestContext, wait?: LatencyWait): Promise<Reply> {
  let extraHeaders: Record<string, string> = {};
  let caller: Caller | undefined;
  try {
    if (area === "crm") {
      try {
        caller = authenticate(ctx.state, ctx.headers.authorization as string | undefined);
        ctx.token = caller.token;
        const isSearch = ctx.method === "POST" && /\/search\/?$/.test(ctx.path);
        extraHeaders = admitCall(ctx.state, caller, isSearch);
      } catch (err) {
        await wait?.(false);
        throw err;
      }
    }
    await wait?.(true);
    const router = area === "crm" ? crmRouter : area === "oauth" ? oauthRouter : controlRouter;
    const match = area === "other" ? null : router.match(ctx.method, ctx.path);
    if (match === null) throw hubspotError(404, "OBJECT_NOT_FOUND", `No route for ${ctx.method} ${ctx.path}`);
    if (match === "method") throw hubspotError(405, "METHOD_NOT_ALLOWED", `${ctx.method} is not allowed on ${ctx.path}`);
    ctx.params = match.params;
    const refusal = caller && missingScopesError(caller.scopes, ctx.method, ctx.path, ctx.params);
    if (refusal) throw refusal;
    const reply = await match.handler(ctx);
    return { ...reply, headers: { ...extraHeaders, ...reply.headers } };
  } catch (err) {
    if (!(err instanceof HttpError)) {
      console.error(JSON.stringify({ level: "error", msg: "hubspot sandbox handler failed", err: String(err) }));
      return { status: 500, body: { status: "error", message: "Internal sandbox error", category: "INTERNAL_ERROR" } };
    }
    const reply = errorReply(err);
    return { ...reply, headers: { ...extraHeaders, ...err.headers } };
  }
}

function refuseReply(ctx: RequestContext, message: string): Reply {
  try {
    return refusalReply(ctx.json(), message);
  } catch (err) {
    if (err instanceof HttpError) return errorReply(err);
    throw err;
  }
}

function count(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

interface Listener {
  host: string;
  controlToken?: string;
}

async function handle(state: SandboxState, req: IncomingMessage, res: ServerResponse, fallbackUrl: string, listener: Listener) {
  const correlationId = randomUUID();
  const baseUrl = req.headers.host ? `http://${req.headers.host}` : fallbackUrl;
  const url = new URL(req.url ?? "/", baseUrl);
  // Dated (`/crm/objects/2026-09/...`) and legacy paths share one store and one route table.
  const { path, version: apiVersion } = resolveApiPath(url.pathname);
  const method = req.method ?? "GET";
  const rawBody = await readBody(req);
  let parsed: { value: unknown } | undefined;
  const ctx: RequestContext = {
    method,
    path,
    query: url.searchParams,
    params: {},
    headers: req.headers,
    rawBody,
    json: () => (parsed ??= { value: parseJson(rawBody) }).value,
    state,
    baseUrl,
    apiVersion,
  };
  const area = areaOf(path);
  if (area === "control") {
    const refusal = controlAccessRefusal(listener.host, listener.controlToken, req.headers);
    return sendReply(res, refusal ?? (await dispatch(area, ctx)), correlationId);
  }

  const signature = `${method} ${path}`;
  const isCrm = area === "crm";
  if (isCrm) {
    state.stats.calls++;
    count(state.stats.byRoute, signature);
    const { inFlight, maxInFlight } = state.stats;
    inFlight[signature] = (inFlight[signature] ?? 0) + 1;
    maxInFlight[signature] = Math.max(maxInFlight[signature] ?? 0, inFlight[signature]);
    res.once("close", () => (inFlight[signature] -= 1));
    count(state.stats.byVersion, apiVersion);
  }
  const tokenCall = method === "POST" && isTokenEndpoint(path);
  if (tokenCall) countTokenRequest(state, rawBody, url.searchParams);

  const fault = takeFault(state, signature);
  if (fault?.delayMs) await sleep(fault.delayMs);
  const lostResponse = fault?.drop || fault?.afterResponse;
  // A lost response means the real work happens; only plain faults answer with an error instead.
  const injected = fault && !lostResponse ? faultError(state, fault) : undefined;
  let reply: Reply | undefined;
  if (!fault?.drop) {
    if (injected) reply = errorReply(injected);
    else if (fault?.refuseInputs) reply = refuseReply(ctx, fault.refuseInputs);
    else {
      reply = await dispatch(area, ctx, isCrm || tokenCall ? latencyWait(ctx) : undefined);
      if (fault?.omitResults) reply = withoutResults(reply);
    }
  }
  if (lostResponse || !reply) {
    state.stats.dropped++;
    res.destroy();
    return;
  }
  if (isCrm) {
    count(state.stats.status, String(reply.status));
    if (reply.status === 429) state.stats.rateLimited++;
  }
  sendReply(res, reply, correlationId);
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? "127.0.0.1";
  const state = createState(buildConfig(opts));
  let url = "";
  const server = http.createServer((req, res) => {
    handle(state, req, res, url, { host, controlToken: opts.controlToken }).catch((err: unknown) => {
      console.error(JSON.stringify({ level: "error", msg: "hubspot sandbox request failed", err: String(err) }));
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        stopWebhooks(state.webhooks);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
