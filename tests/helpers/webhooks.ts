import { createHmac } from "node:crypto";
import { afterFile } from "./after-file";
import { serveApi } from "./api-http";

/** The sandbox app's client secret: what the app verifies with in sandbox mode. */
export const SANDBOX_CLIENT_SECRET = "sandbox-client-secret";
export const WEBHOOK_PATH = "/api/hubspot/webhooks";

/** HubSpot's v3 signature headers for a body, computed here on its own (not with the app's code). */
export function signedHeaders(body: string, opts: { uri: string; secret?: string; timestamp?: number; method?: string }) {
  const timestamp = String(opts.timestamp ?? Date.now());
  const signature = createHmac("sha256", opts.secret ?? SANDBOX_CLIENT_SECRET)
    .update(`${opts.method ?? "POST"}${opts.uri}${body}${timestamp}`)
    .digest("base64");
  return { "content-type": "application/json", "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": timestamp };
}

let nextEventId = 1_000;

/** A contact event as HubSpot's per-object subscriptions send it. */
export function contactEvent(subscriptionType: string, objectId: number, extra: Record<string, unknown> = {}) {
  return {
    eventId: nextEventId++,
    subscriptionId: 4242,
    portalId: 12345678,
    appId: 777,
    occurredAt: Date.now(),
    subscriptionType,
    attemptNumber: 0,
    objectId,
    changeSource: "CRM_UI",
    ...extra,
  };
}

/**
 * The app's webhook route served over HTTP in this process, for the sandbox to post to; closed
 * after the file. Returns the URL to configure as the sandbox's webhook target.
 */
export async function serveWebhookRoute(): Promise<string> {
  const server = await serveApi();
  afterFile(() => server.close());
  return `${server.url}${WEBHOOK_PATH}`;
}
