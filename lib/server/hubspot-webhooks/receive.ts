import "server-only";
import { SANDBOX_OAUTH_CLIENT } from "@/lib/runtime/env-schema";
import { publicOrigin } from "../auth/request-host";
import { env } from "../env";
import { AppError } from "../errors";
import type { Logger } from "../logger";
import { readRawBody } from "../request-body";
import { webhookBatchSchema, type webhookReceiptSchema } from "@/lib/schemas/hubspot-webhook";
import type { z } from "zod";
import { toInboxRows } from "./events";
import { storeWebhookEvents } from "./inbox";
import { checkV3Signature } from "./signature";

/** HubSpot batches up to 100 events; a body this large is not HubSpot's. */
const MAX_WEBHOOK_BYTES = 1_000_000;

/**
 * The key HubSpot signs with: the app's client secret (OAuth or static-auth project apps both
 * have one). In sandbox mode, the sandbox app's secret, which the built-in sandbox signs with.
 */
export function webhookSecret(): string | undefined {
  return env.HUBSPOT_CLIENT_SECRET ?? (env.hubspotMode === "sandbox" ? SANDBOX_OAUTH_CLIENT.secret : undefined);
}

/** The URI HubSpot called, as HubSpot saw it: the public origin (AUTH_URL) with our path and query. */
function signedUri(req: Request): string {
  const url = new URL(req.url);
  return `${publicOrigin(req.headers, req.url)}${url.pathname}${url.search}`;
}

export type WebhookReceipt = z.infer<typeof webhookReceiptSchema>;

/**
 * Verify a webhook POST (v3 signature, at most 5 minutes old) and store its events in the inbox.
 * No HubSpot call happens here, so HubSpot gets its answer within a few milliseconds.
 */
export async function receiveWebhooks(req: Request, log: Logger): Promise<WebhookReceipt> {
  const secret = webhookSecret();
  if (!secret) {
    throw new AppError("WEBHOOKS_NOT_CONFIGURED", "HubSpot webhooks are not enabled here: set HUBSPOT_CLIENT_SECRET (the app's client secret).");
  }
  const rawBody = (await readRawBody(req, MAX_WEBHOOK_BYTES)).toString("utf8");
  const refusal = checkV3Signature({
    secret,
    method: req.method,
    uri: signedUri(req),
    rawBody,
    signature: req.headers.get("x-hubspot-signature-v3"),
    timestamp: req.headers.get("x-hubspot-request-timestamp"),
  });
  if (refusal) {
    log.warn({ webhook: { refusal, timestamp: req.headers.get("x-hubspot-request-timestamp"), bytes: rawBody.length } }, "webhook refused");
    throw new AppError("UNAUTHORIZED", refusal === "stale" ? "The request timestamp is older than 5 minutes." : "The webhook signature is not valid.");
  }
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    throw new AppError("INVALID_JSON", "The webhook body is not valid JSON.");
  }
  const batch = webhookBatchSchema.safeParse(value);
  if (!batch.success) throw new AppError("INVALID_JSON", "The webhook body must be a JSON array of events (at most 1000).");
  const { rows, ignored, invalid } = toInboxRows(batch.data);
  const stored = await storeWebhookEvents(rows);
  const receipt = { received: batch.data.length, stored, duplicates: rows.length - stored, ignored: ignored + invalid };
  log.info({ webhook: receipt }, "webhook events stored");
  return receipt;
}
