import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import { env } from "../env";
import { isWithinLifetime } from "./session-lifetime";

const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";

/**
 * The staff session's JWT from the request's Auth.js cookie, or null. Read-only: it never writes
 * the cookie back. (Auth.js's `auth()` wrapper re-issues the cookie on every request it sees; a
 * prefetch answered after a sign-out would then sign the user back in.) A session past its
 * absolute lifetime (session-lifetime.ts) is none; revocation needs the database and is checked by
 * the API (request-auth.ts) and Auth.js's jwt callback (index.ts, which every page runs).
 */
export async function readSessionToken(headers: Headers): Promise<JWT | null> {
  const cookie = headers.get("cookie");
  if (!cookie || !env.AUTH_SECRET) return null;
  const token = await getToken({
    req: { headers: new Headers({ cookie }) },
    secret: env.AUTH_SECRET,
    secureCookie: cookie.includes(SECURE_SESSION_COOKIE),
  });
  return token && isWithinLifetime(token) ? token : null;
}
