import "server-only";
import type { ApiKeyScope } from "@/lib/schemas/api-key";
import { AppError } from "../errors";
import { verifyApiKey } from "../services/api-keys";
import { publicOrigin } from "./request-host";
import { readSessionToken } from "./session-cookie";
import { isSessionRevoked } from "./session-revocation";

/**
 * Who made an API request: signed-in staff (session cookie) or another system (API key).
 * `callerId` scopes Idempotency-Keys and registrations to the caller (auth/caller.ts).
 */
export type Principal =
  | { kind: "session"; email: string | null; hubId?: string; callerId: string }
  | { kind: "api_key"; keyId: string | null; name: string; callerId: string; scopes: ApiKeyScope[] };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A browser sends `Origin` (or at least `Sec-Fetch-Site`) with a state-changing request: one
 * from another site riding on the staff cookie is refused. Non-browser callers send neither.
 */
function assertSameOrigin(req: Request) {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  const isCrossSite = origin !== null ? origin !== publicOrigin(req.headers, req.url) : site === "cross-site" || site === "same-site";
  if (isCrossSite) throw new AppError("FORBIDDEN", "Cross-origin request refused: state-changing calls with the staff session must come from the app's own pages.");
}

/** Read the Auth.js session cookie without Next's request context (works in tests and any handler). */
async function getSessionPrincipal(req: Request): Promise<Principal | null> {
  const token = await readSessionToken(req.headers);
  if (!token || (await isSessionRevoked(token))) return null;
  assertSameOrigin(req);
  const user = token.hubUserId ?? token.sub ?? token.email ?? "unknown";
  return { kind: "session", email: token.email ?? null, hubId: token.hubId, callerId: `u:${user}` };
}

/**
 * Authenticate an API request. An `Authorization` header must carry a valid API key (no fallback
 * to the cookie, so a wrong key is always a 401); without one, the staff session cookie counts.
 */
export async function authenticateRequest(req: Request): Promise<Principal | null> {
  const header = req.headers.get("authorization");
  if (header !== null) {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const principal = key ? await verifyApiKey(key) : null;
    return principal && { kind: "api_key", ...principal };
  }
  return getSessionPrincipal(req);
}
