import { encode } from "next-auth/jwt";

export const TEST_AUTH_SECRET = "test-auth-secret-0123456789abcdef0123456789";
const COOKIE = "authjs.session-token";

/** A staff session cookie exactly as Auth.js writes it (a JWE salted with the cookie name). */
export async function sessionCookie(
  user: Record<string, unknown> = { email: "staff@example.com", hubId: "12345678" },
  secret = TEST_AUTH_SECRET,
  signedInAt = Date.now(),
) {
  const token = await encode({ token: { hubUserId: "7654321", ...user, sub: "7654321", signedInAt }, secret, salt: COOKIE, maxAge: 3600 });
  return `${COOKIE}=${token}`;
}
