import "server-only";
import type { JWT } from "next-auth/jwt";

/** Staff sessions last a working day from sign-in, however often they are used; sign in again after that. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * Absolute lifetime: counted from `signedInAt` (set once, at sign-in), never from the cookie's own
 * expiry, which Auth.js moves forward whenever it re-issues the cookie. A token without it predates
 * this rule and is over. No database here: the proxy (proxy.ts) uses it on every page.
 */
export function isWithinLifetime(token: JWT, now = Date.now()): boolean {
  const at = Number(token.signedInAt);
  return Number.isFinite(at) && at <= now && now - at < SESSION_MAX_AGE_SECONDS * 1000;
}
