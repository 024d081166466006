import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/** HubSpot refuses to count on a request older than this; so do we (replays). */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;
/** A timestamp this far ahead of our clock is not believed either. */
const MAX_CLOCK_AHEAD_MS = 60_000;

/**
 * Characters HubSpot's v3 instructions say to URL-decode in the request URI before signing
 * (`%3A` → `:` …). Whether HubSpot signs the URI as sent or with these decoded is not confirmed,
 * so both forms are accepted (see docs/mirror.md).
 */
const DECODED: [RegExp, string][] = [
  [/%3A/gi, ":"], [/%2F/gi, "/"], [/%3F/gi, "?"], [/%40/gi, "@"], [/%21/gi, "!"], [/%24/gi, "$"],
  [/%27/gi, "'"], [/%28/gi, "("], [/%29/gi, ")"], [/%2A/gi, "*"], [/%2C/gi, ","], [/%3B/gi, ";"],
];

export function decodeSignedUri(uri: string): string {
  return DECODED.reduce((acc, [pattern, char]) => acc.replace(pattern, char), uri);
}

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
  const uris = [...new Set([c.uri, decodeSignedUri(c.uri)])];
  const given = c.signature.trim();
  const matches = uris.some((uri) => sameSignature(signV3(c.secret, c.method.toUpperCase(), uri, c.rawBody, c.timestamp!), given));
  return matches ? null : "bad_signature";
}
