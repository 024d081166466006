/*
 * The sandbox's webhook sender, playing HubSpot's part: events are queued as objects change,
 * posted in batches (up to `maxBatch`, HubSpot's 100) to the configured target URL, signed with
 * the app's client secret (X-HubSpot-Signature-v3), and retried with exponential backoff when the
 * target fails or does not answer in time. A configurable share of events is dropped unsent, to
 * play webhooks that never arrive (the app down for longer than HubSpot retries).
 */
import { createHmac } from "node:crypto";
import { z } from "zod";
import { decodeSignedUri } from "../../runtime/hubspot-signed-uri";

export const webhookConfigSchema = z.object({
  /** Where events are posted; null: no app subscribed, nothing is sent. */
  targetUrl: z.string().url().nullable(),
  /** Share of events dropped before sending (0-1). */
  dropRate: z.number().min(0).max(1),
  maxBatch: z.number().int().min(1).max(1000),
  /** How long events gather before a batch leaves. */
  flushMs: z.number().int().min(0).max(60_000),
  maxAttempts: z.number().int().min(1).max(20),
  retryBaseMs: z.number().int().min(1).max(600_000),
  timeoutMs: z.number().int().min(100).max(60_000),
  maxConcurrent: z.number().int().min(1).max(100),
  /** `legacy`: `contact.creation` …; `generic`: `object.creation` with `objectTypeId`. */
  format: z.enum(["legacy", "generic"]),
  /** The URI signed: as sent, or with HubSpot's listed characters URL-decoded (both readings). */
  signatureUri: z.enum(["as-sent", "decoded"]),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  targetUrl: null,
  dropRate: 0,
  maxBatch: 100,
  flushMs: 200,
  maxAttempts: 6,
  retryBaseMs: 1_000,
  timeoutMs: 5_000,
  maxConcurrent: 10,
  format: "legacy",
  signatureUri: "as-sent",
};

export type WebhookEvent = Record<string, unknown> & { eventId: number; subscriptionType: string };

export interface WebhookStats {
  emitted: number;
  dropped: number;
  delivered: number;
  /** Requests the target failed (non-2xx, error, timeout); each is retried until maxAttempts. */
  failedAttempts: number;
  givenUp: number;
  requests: number;
}

export interface WebhookRuntime {
  queue: WebhookEvent[];
  inFlight: number;
  /** Batches waiting for their retry. */
  retrying: number;
  timers: Set<NodeJS.Timeout>;
  nextEventId: number;
  stats: WebhookStats;
  idle: (() => void)[];
}

export const emptyWebhookStats = (): WebhookStats => ({ emitted: 0, dropped: 0, delivered: 0, failedAttempts: 0, givenUp: 0, requests: 0 });

export function createWebhookRuntime(): WebhookRuntime {
  return { queue: [], inFlight: 0, retrying: 0, timers: new Set(), nextEventId: 1, stats: emptyWebhookStats(), idle: [] };
}

interface Sender {
  config: WebhookConfig;
  secret: string;
  runtime: WebhookRuntime;
}

/** HubSpot's v3 signature, computed here as HubSpot does (the app verifies on its own). */
function sign(s: Sender, url: string, body: string, timestamp: string) {
  const uri = s.config.signatureUri === "decoded" ? decodeSignedUri(url) : url;
  return createHmac("sha256", s.secret).update(`POST${uri}${body}${timestamp}`).digest("base64");
}

function later(s: Sender, ms: number, fn: () => void) {
  const timer = setTimeout(() => {
    s.runtime.timers.delete(timer);
    fn();
  }, ms);
  timer.unref?.();
  s.runtime.timers.add(timer);
}

function settle(s: Sender) {
  const r = s.runtime;
  if (r.queue.length === 0 && r.inFlight === 0 && r.retrying === 0) r.idle.splice(0).forEach((resolve) => resolve());
}

async function deliver(s: Sender, batch: WebhookEvent[], attempt: number): Promise<void> {
  const r = s.runtime;
  const url = s.config.targetUrl;
  r.inFlight++;
  let ok = false;
  try {
    if (!url) return;
    const body = JSON.stringify(batch.map((e) => ({ ...e, attemptNumber: attempt })));
    const timestamp = String(Date.now());
    r.stats.requests++;
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "HubSpot Connect 2.0 (sandbox)",
        "x-hubspot-signature-v3": sign(s, url, body, timestamp),
        "x-hubspot-signature-version": "v3",
        "x-hubspot-request-timestamp": timestamp,
      },
      body,
      signal: AbortSignal.timeout(s.config.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    ok = res.ok;
  } catch {
    ok = false;
  } finally {
    r.inFlight--;
  }
  if (ok) r.stats.delivered += batch.length;
  else if (url) {
    r.stats.failedAttempts++;
    if (attempt + 1 < s.config.maxAttempts) {
      r.retrying++;
      later(s, s.config.retryBaseMs * 2 ** attempt, () => {
        r.retrying--;
        void deliver(s, batch, attempt + 1);
      });
    } else r.stats.givenUp += batch.length;
  }
  flush(s);
  settle(s);
}

/** Sends what is queued, as many batches as the concurrency allows. */
export function flush(s: Sender): void {
  const r = s.runtime;
  while (r.queue.length > 0 && r.inFlight < s.config.maxConcurrent) {
    void deliver(s, r.queue.splice(0, s.config.maxBatch), 0);
  }
}

/** Queues one event (or drops it, at `dropRate`); a full batch leaves at once, else after `flushMs`. */
export function enqueue(s: Sender, event: Omit<WebhookEvent, "eventId">): void {
  const r = s.runtime;
  if (!s.config.targetUrl) return;
  r.stats.emitted++;
  if (Math.random() < s.config.dropRate) {
    r.stats.dropped++;
    return;
  }
  r.queue.push({ ...event, eventId: r.nextEventId++ } as WebhookEvent);
  if (r.queue.length >= s.config.maxBatch) flush(s);
  else if (r.queue.length === 1) later(s, s.config.flushMs, () => flush(s));
}

/** Resolves once nothing is queued, in flight or waiting for a retry. */
export function whenIdle(s: Sender): Promise<void> {
  flush(s);
  return new Promise((resolve) => {
    s.runtime.idle.push(resolve);
    settle(s);
  });
}

export function stopWebhooks(runtime: WebhookRuntime): void {
  for (const timer of runtime.timers) clearTimeout(timer);
  runtime.timers.clear();
  runtime.queue = [];
  runtime.retrying = 0;
  runtime.idle.splice(0).forEach((resolve) => resolve());
}
