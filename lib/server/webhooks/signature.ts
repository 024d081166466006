import "server-only";
import { createHmac, randomBytes } from "node:crypto";

/**
 * How every delivery is signed (docs/webhooks.md has a receiver's verification):
 *   Webhook-Id:        the event id (the same on every attempt)
 *   Webhook-Timestamp: Unix seconds of this attempt
 *   Webhook-Signature: v1=<hex HMAC-SHA256(secret, id + "." + timestamp + "." + body)>
 * The key is the secret string itself, as UTF-8 bytes.
 */

/** A new endpoint's secret: `whsec_` and 32 random bytes (base64url). */
export const generateWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`, "utf8").digest("hex")}`;
}

/** The headers of one attempt; `timestamp` is Unix seconds. */
export function webhookHeaders(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "hubspot-crm-integration-webhooks/1",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(secret, id, timestamp, body),
  };
}
