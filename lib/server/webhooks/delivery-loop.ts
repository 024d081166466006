import "server-only";
import { env } from "../env";
import { logger } from "../logger";
import { openSecret } from "../secret-box";
import { retryDelayMs } from "./backoff";
import { claimDueDeliveries, giveUpExpiredDeliveries, pruneOldWebhookEvents, settleDelivery, type ClaimedDelivery } from "./delivery-store";
import { postWebhook, type AttemptResult } from "./send";
import { webhookHeaders } from "./signature";

const log = logger.child({ component: "webhooks" });
const MAINTENANCE_EVERY_MS = 60_000;

/** The exact bytes sent and signed: the event's envelope around its stored data. */
export const webhookBody = (d: Pick<ClaimedDelivery, "eventId" | "type" | "occurredAt" | "data">) =>
  JSON.stringify({ id: d.eventId, type: d.type, occurred_at: d.occurredAt.toISOString(), data: d.data });

/** One attempt of one delivery, recorded. Never throws. */
export async function attemptDelivery(d: ClaimedDelivery): Promise<void> {
  let result: AttemptResult;
  try {
    const secret = openSecret(d.sealedSecret);
    const body = webhookBody(d);
    const headers = webhookHeaders(secret, d.eventId, Math.floor(Date.now() / 1000), body);
    result = await postWebhook(d.url, headers, body, env.WEBHOOK_TIMEOUT_MS, [secret, headers["webhook-signature"].slice(3)]);
  } catch {
    result = { isDelivered: false, statusCode: null, error: "the endpoint's secret cannot be decrypted with the configured keys (TOKEN_ENCRYPTION_KEY)", excerpt: null };
  }
  try {
    const outcome = await settleDelivery(d, result, retryDelayMs(d.attempt, env.WEBHOOK_RETRY_BASE_MS, env.WEBHOOK_RETRY_MAX_MS));
    const line = { deliveryId: d.id, endpointId: d.endpointId, eventId: d.eventId, attempt: d.attempt, status: result.statusCode, outcome };
    if (outcome === "delivered") log.info(line, "webhook delivered");
    else if (outcome === null) log.info(line, "webhook attempt not recorded: the delivery was claimed again or its endpoint deleted");
    else log.warn({ ...line, error: result.error }, outcome === "given_up" ? "webhook given up" : "webhook attempt failed");
  } catch (err) {
    // Not recorded: the claim runs out and the delivery is attempted again (at least once).
    log.error({ err, deliveryId: d.id }, "could not record a webhook attempt");
  }
}

/**
 * The worker's delivery loop, apart from the registration queue: it shares nothing with the sync
 * but the database, so a slow or failing endpoint never holds up a registration. At most
 * WEBHOOK_CONCURRENCY requests at once, WEBHOOK_ENDPOINT_CONCURRENCY of them to any one endpoint,
 * so one slow endpoint leaves the other slots to the others.
 */
export function startWebhookDelivery(): { stop(graceMs?: number): Promise<void> } {
  const inFlight = new Map<string, number>();
  const running = new Set<Promise<void>>();
  let stopped = false;
  let lastMaintenance = 0;
  let wake: (() => void) | undefined;
  let hasBacklog = false;

  const track = (d: ClaimedDelivery) => {
    inFlight.set(d.endpointId, (inFlight.get(d.endpointId) ?? 0) + 1);
    const p = attemptDelivery(d).finally(() => {
      const n = (inFlight.get(d.endpointId) ?? 1) - 1;
      if (n > 0) inFlight.set(d.endpointId, n);
      else inFlight.delete(d.endpointId);
      running.delete(p);
      // More may be due than the slots allowed: claim again now instead of after the interval.
      if (hasBacklog) wake?.();
    });
    running.add(p);
  };

  const poll = async () => {
    const free = env.WEBHOOK_CONCURRENCY - running.size;
    if (free > 0) {
      const claimed = await claimDueDeliveries(inFlight, free);
      hasBacklog = claimed.length > 0;
      for (const d of claimed) track(d);
    }
    if (Date.now() - lastMaintenance > MAINTENANCE_EVERY_MS) {
      lastMaintenance = Date.now();
      const givenUp = await giveUpExpiredDeliveries();
      if (givenUp) log.warn({ givenUp }, "webhook deliveries given up past WEBHOOK_MAX_AGE_SECONDS");
      await pruneOldWebhookEvents();
    }
  };

  const loop = (async () => {
    while (!stopped) {
      await poll().catch((err) => log.error({ err }, "webhook delivery poll failed"));
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, env.WEBHOOK_POLL_INTERVAL_MS);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      });
    }
  })();
  log.info({ concurrency: env.WEBHOOK_CONCURRENCY, perEndpoint: env.WEBHOOK_ENDPOINT_CONCURRENCY }, "webhook delivery started");

  return {
    /** Requests under way get `graceMs` to finish and be recorded; the rest are retried once their claim runs out. */
    async stop(graceMs = 5_000) {
      stopped = true;
      wake?.();
      await loop;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all([...running]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    },
  };
}
