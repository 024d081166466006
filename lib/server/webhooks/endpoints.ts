import "server-only";
import { randomUUID } from "node:crypto";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT, type WebhookEndpoint, type WebhookEndpointCreated, type WebhookEventType } from "@/lib/schemas/webhook";
import type { WebhookEndpoint as Row } from "@/lib/generated/prisma/client";
import { db } from "../db";
import { env } from "../env";
import { AppError, validationError } from "../errors";
import { logger } from "../logger";
import { sealSecret } from "../secret-box";
import { generateWebhookSecret } from "./signature";
import { checkEndpointUrl, checkUrlShape, RefusedUrlError } from "./url-policy";

/** Endpoints staff may register; a deployment with more is more likely misusing them. */
const MAX_ENDPOINTS = 50;

const toEvents = (e: string[]) => WEBHOOK_EVENT_TYPES.filter((t) => e.includes(t));

export const toWebhookEndpoint = (r: Row): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  events: toEvents(r.events),
  enabled: r.enabled,
  source: r.source === "env" ? "env" : "dashboard",
  created_by: r.createdBy,
  created_at: r.createdAt.toISOString(),
});

/** The SSRF check as a 400 naming `url`. */
async function checkedUrl(url: string): Promise<string> {
  try {
    return (await checkEndpointUrl(url)).toString();
  } catch (e) {
    if (e instanceof RefusedUrlError) throw validationError([{ field: "url", message: e.message }], "This URL may not receive webhooks.");
    throw e;
  }
}

/** Register an endpoint; the answer is the only time its secret exists outside the database. */
export async function createWebhookEndpoint(opts: { url: string; events: WebhookEventType[]; createdBy: string | null }): Promise<WebhookEndpointCreated> {
  const url = await checkedUrl(opts.url);
  if ((await db.webhookEndpoint.count()) >= MAX_ENDPOINTS) throw new AppError("CONFLICT", `At most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`);
  const secret = generateWebhookSecret();
  const row = await db.webhookEndpoint.create({ data: { url, events: opts.events, secret: sealSecret(secret), createdBy: opts.createdBy } });
  return { ...toWebhookEndpoint(row), secret };
}

export async function listWebhookEndpoints(): Promise<WebhookEndpoint[]> {
  const rows = await db.webhookEndpoint.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(toWebhookEndpoint);
}

export async function getWebhookEndpointOrThrow(id: string): Promise<Row> {
  const row = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "No webhook endpoint with this id.");
  return row;
}

/** Pause or resume it (paused: nothing new is queued for it, what is queued waits), or change its events. */
export async function updateWebhookEndpoint(id: string, change: { enabled?: boolean; events?: WebhookEventType[] }): Promise<WebhookEndpoint> {
  await getWebhookEndpointOrThrow(id);
  const row = await db.webhookEndpoint.update({ where: { id }, data: { ...change, updatedAt: new Date() } });
  return toWebhookEndpoint(row);
}

/** Delete it with its deliveries. The one WEBHOOK_URL provisions is removed by unsetting it. */
export async function deleteWebhookEndpoint(id: string): Promise<void> {
  const row = await getWebhookEndpointOrThrow(id);
  if (row.source === "env") throw new AppError("CONFLICT", "This endpoint comes from WEBHOOK_URL: unset it (and restart the worker) to remove it, or pause it here.");
  await db.webhookEndpoint.delete({ where: { id } });
}

/** Queue a `webhook.test` event for this endpoint alone, whatever events it subscribes to. */
export async function sendTestEvent(id: string): Promise<{ event_id: string }> {
  const endpoint = await getWebhookEndpointOrThrow(id);
  if (!endpoint.enabled) throw new AppError("CONFLICT", "This endpoint is paused: resume it to send a test event.");
  const eventId = randomUUID();
  await db.$transaction([
    db.webhookEvent.create({ data: { id: eventId, type: WEBHOOK_TEST_EVENT, payload: { endpoint_id: endpoint.id, message: "A test event sent from the Webhooks page." } } }),
    db.webhookDelivery.create({ data: { eventId, endpointId: endpoint.id, nextAttemptAt: new Date() } }),
  ]);
  return { event_id: eventId };
}

/**
 * WEBHOOK_URL + WEBHOOK_SECRET: the one `env` endpoint, created or brought up to date at start-up
 * (idempotent; several workers may run it at once). Unset: the earlier one is removed. Its address
 * is checked on every delivery (DNS may not be ready when a container starts).
 */
export async function provisionEnvWebhookEndpoint(): Promise<void> {
  const log = logger.child({ component: "webhooks" });
  if (!env.WEBHOOK_URL || !env.WEBHOOK_SECRET) {
    const { count } = await db.webhookEndpoint.deleteMany({ where: { source: "env" } });
    if (count) log.info("WEBHOOK_URL is unset: removed the endpoint it had provisioned");
    return;
  }
  let url: string;
  try {
    url = checkUrlShape(env.WEBHOOK_URL).toString();
  } catch (e) {
    log.error({ reason: (e as Error).message }, "WEBHOOK_URL refused; no endpoint provisioned");
    return;
  }
  const sealed = sealSecret(env.WEBHOOK_SECRET);
  await db.$executeRaw`
    INSERT INTO webhook_endpoint (url, events, secret, source, created_by)
    VALUES (${url}, ${[...WEBHOOK_EVENT_TYPES]}::text[], ${sealed}, 'env', 'WEBHOOK_URL')
    ON CONFLICT (source) WHERE source = 'env' DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_at = now()`;
  log.info({ url: new URL(url).origin }, "webhook endpoint from WEBHOOK_URL provisioned");
}
