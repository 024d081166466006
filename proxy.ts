// Every page needs a staff session; without one the visitor is sent to /signin (API routes answer 401 themselves).
// The session cookie is only read here, never re-issued (lib/server/auth/session-cookie.ts): a
// prefetch answered after a sign-out must not put the cookie back.
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath, signInUrl } from "@/lib/server/auth/public-paths";
import { requestOrigin } from "@/lib/server/auth/request-host";
import { readSessionToken } from "@/lib/server/auth/session-cookie";

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (isPublicPath(pathname) || (await readSessionToken(req.headers))) return NextResponse.next();
  return NextResponse.redirect(signInUrl(requestOrigin(req), pathname, search));
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
