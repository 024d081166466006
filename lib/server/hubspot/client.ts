import "server-only";
import ky, { TimeoutError } from "ky";
import type { z } from "zod";
import { sleep } from "@/lib/runtime/sleep";
import type { Logger } from "../logger";
import {
  HubSpotAuthError,
  HubSpotError,
  hubSpotErrorFromResponse,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
} from "./errors";
import { DEFAULT_HUBSPOT_API_VERSION } from "@/lib/runtime/hubspot-api-version";
import { hubSpotPaths, type HubSpotApiVersion, type HubSpotPaths } from "./paths";
import { isRetryable, MAX_HONOURED_WAIT_MS, rateLimitHintMs, retryDelayMs, type RetryPolicy } from "./retry";
import type { TokenProvider } from "./token-provider";

export interface HubSpotRequest<T> {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path under the API base, always from `client.paths` (e.g. `/crm/objects/2026-09/contacts/batch/upsert`). */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Parses the success body at the boundary; the rest of the app never sees raw payloads. */
  schema: z.ZodType<T>;
  /**
   * Safe to send twice (reads, upserts, PUT associations). Defaults to true for GET/PUT/PATCH/DELETE.
   * Creates pass false: an ambiguous failure (timeout, lost response, 5xx) is not retried here
   * and goes back to the caller, which looks up what exists before writing again.
   */
  isIdempotent?: boolean;
  signal?: AbortSignal;
  /** The rate-limit slot for the first attempt was taken by the caller (a batcher binding late). */
  hasSlot?: boolean;
}

export interface HubSpotResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** Observes each answer and may hold requests back; the rate limiter plugs in here. */
export interface RequestGate {
  /**
   * Wait for a call slot; a higher `priority` is served first (default 0). `path` is the call's
   * (search has its own limit). `burst`: how far ahead of the gate's even pace the call may go
   * (rate-limiter.ts); a function is read again while it waits.
   */
  acquire(signal?: AbortSignal, priority?: number, path?: string, burst?: number | (() => number)): Promise<void>;
  /** A waiting call's `burst` may have grown: ask again now. */
  reconsider?(): void;
  /** Every answer's status and headers; `policyName` from a 429's body (`DAILY`, `TEN_SECONDLY_ROLLING`). */
  observe(status: number, headers: Headers, policyName?: string): void;
}

export interface HubSpotClientOptions {
  baseUrl: string;
  tokens: TokenProvider;
  retry: RetryPolicy;
  timeoutMs: number;
  log: Logger;
  gate?: RequestGate;
  /** Sees every error HubSpot answered (e.g. to remember the scopes a 403 named). */
  onError?: (error: HubSpotError) => void;
  /** The API version every path is built for (HUBSPOT_API_VERSION). Default `2026-09`. */
  apiVersion?: HubSpotApiVersion;
  /** Told of every call as it is logged (the operations counters); must not throw. */
  onCall?: (call: { method: string; path: string; attempt: number; status: number; headers?: Headers }) => void;
}

function networkError(e: unknown): HubSpotError {
  if (e instanceof TimeoutError) {
    return new HubSpotUnavailableError({ status: 0, message: "HubSpot did not answer in time", isAmbiguous: true });
  }
  const code = (e as { cause?: { code?: string } })?.cause?.code;
  const neverSent = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
  return new HubSpotUnavailableError({
    status: 0,
    message: `HubSpot unreachable${code ? ` (${code})` : ""}`,
    isAmbiguous: !neverSent,
  });
}

/** The one HTTP path to HubSpot: bearer token, timeout, retries, one forced refresh on 401. */
export class HubSpotClient {
  /** The pinned version's paths: the only way callers name a HubSpot endpoint. */
  readonly paths: HubSpotPaths;

  constructor(readonly opts: HubSpotClientOptions) {
    this.paths = hubSpotPaths(opts.apiVersion ?? DEFAULT_HUBSPOT_API_VERSION);
  }

  async request<T>(req: HubSpotRequest<T>): Promise<HubSpotResponse<T>> {
    const isIdempotent = req.isIdempotent ?? req.method !== "POST";
    let hasForcedRefresh = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.opts.tokens.getToken();
      if (!(attempt === 1 && req.hasSlot)) await this.opts.gate?.acquire(req.signal, undefined, req.path);
      const started = performance.now();
      let res: Response | undefined;
      let error: HubSpotError | undefined;
      try {
        res = await ky(new URL(req.path, this.opts.baseUrl), {
          method: req.method,
          searchParams: req.query && Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== undefined)) as Record<string, string | number>,
          json: req.body,
          headers: { authorization: `Bearer ${token}` },
          timeout: this.opts.timeoutMs,
          retry: 0,
          throwHttpErrors: false,
          signal: req.signal,
        });
      } catch (e) {
        if (req.signal?.aborted) throw e;
        error = networkError(e);
      }
      const body = res && res.status !== 204 ? await res.json().catch(() => undefined) : undefined;
      if (res) this.opts.gate?.observe(res.status, res.headers, (body as { policyName?: unknown } | undefined)?.policyName as string | undefined);
      if (res && !res.ok) {
        error = hubSpotErrorFromResponse(res.status, body, res.headers);
        this.opts.onError?.(error);
      }
      this.opts.log.info(
        {
          hubspot: {
            method: req.method,
            path: req.path,
            attempt,
            status: res?.status ?? 0,
            durationMs: Math.round(performance.now() - started),
            correlationId: error?.correlationId ?? res?.headers.get("x-hubspot-correlation-id") ?? undefined,
            ...(error ? { error: error.message, category: error.category } : {}),
          },
        },
        "hubspot call",
      );
      this.opts.onCall?.({ method: req.method, path: req.path, attempt, status: res?.status ?? 0, headers: res?.headers });
      if (res && !error) {
        const parsed = req.schema.safeParse(body ?? {});
        if (!parsed.success) {
          throw new HubSpotError({ status: res.status, message: `HubSpot answered an unexpected body for ${req.method} ${req.path}` });
        }
        return { data: parsed.data, status: res.status, headers: res.headers };
      }
      const err = error!;
      if (err instanceof HubSpotAuthError && err.status === 401 && !hasForcedRefresh) {
        hasForcedRefresh = true;
        await this.opts.tokens.forceRefresh(token);
        continue;
      }
      if (attempt > this.opts.retry.maxRetries || !isRetryable(err, isIdempotent)) throw err;
      const hint = err.retryAfterMs ?? (err instanceof HubSpotRateLimitError && res ? rateLimitHintMs(res.headers) : undefined);
      if (hint !== undefined && hint > MAX_HONOURED_WAIT_MS) throw err;
      await sleep(retryDelayMs(attempt, this.opts.retry, hint), req.signal);
    }
  }
}
