import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { decodeSignedUri } from "@/lib/runtime/hubspot-signed-uri";

export { decodeSignedUri };

/** HubSpot refuses to count on a request older than this; so do we (replays). */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;
/** A timestamp this far ahead of our clock is not believed either. */
const MAX_CLOCK_AHEAD_MS = 60_000;

/** `base64(HMAC-SHA256(secret, method + uri + body + timestamp))`: HubSpot's v3 signature. */
export function signV3(secret: string, method: string, uri: string, rawBody: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${method}${uri}${rawBody}${timestamp}`, "utf8").digest("base64");
}

export type SignatureRefusal = "missing_signature" | "missing_timestamp" | "bad_timestamp" | "stale" | "from_the_future" | "bad_signature";

export interface SignatureCheck {
  secret: string;
  method: string;
  /** The full URI HubSpot called: public origin, path and query. */
  uri: string;
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
  now?: number;
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Null when the request is HubSpot's and fresh; otherwise why not (for the log, never the secret). */
export function checkV3Signature(c: SignatureCheck): SignatureRefusal | null {
  if (!c.signature) return "missing_signature";
  if (!c.timestamp) return "missing_timestamp";
  if (!/^\d{1,15}$/.test(c.timestamp)) return "bad_timestamp";
  const age = (c.now ?? Date.now()) - Number(c.timestamp);
  if (age > MAX_SIGNATURE_AGE_MS) return "stale";
  if (age < -MAX_CLOCK_AHEAD_MS) return "from_the_future";
  // Both readings of HubSpot's URI rule: signed as sent, or with its listed characters decoded.
  const uris = [...new Set([c.uri, decodeSignedUri(c.uri)])];
  const given = c.signature.trim();
  const matches = uris.some((uri) => sameSignature(signV3(c.secret, c.method.toUpperCase(), uri, c.rawBody, c.timestamp!), given));
  return matches ? null : "bad_signature";
}
