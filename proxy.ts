// Every page needs a staff session; without one the visitor is sent to /signin (API routes answer 401 themselves).
// The session cookie is only read here, never re-issued (lib/server/auth/session-cookie.ts): a
// prefetch answered after a sign-out must not put the cookie back. Every page answer carries the
// security headers (lib/server/security-headers.ts).
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath, signInUrl } from "@/lib/server/auth/public-paths";
import { requestOrigin } from "@/lib/server/auth/next-request-origin";
import { readSessionToken } from "@/lib/server/auth/session-cookie";
import { pageSecurityHeaders } from "@/lib/server/security-headers";

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const origin = requestOrigin(req);
  const res =
    isPublicPath(pathname) || (await readSessionToken(req.headers))
      ? NextResponse.next()
      : NextResponse.redirect(signInUrl(origin, pathname, search));
  for (const [name, value] of Object.entries(pageSecurityHeaders(origin))) res.headers.set(name, value);
  return res;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
