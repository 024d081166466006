// Every page needs a staff session; without one the visitor is sent to /signin (API routes answer 401 themselves).
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { createBaseAuthConfig } from "@/lib/server/auth/config";
import { isPublicPath, signInUrl } from "@/lib/server/auth/public-paths";
import { requestOrigin } from "@/lib/server/auth/request-host";

const { auth } = NextAuth(createBaseAuthConfig());

export const proxy = auth((req) => {
  const { pathname, search } = req.nextUrl;
  if (req.auth || isPublicPath(pathname)) return NextResponse.next();
  return NextResponse.redirect(signInUrl(requestOrigin(req), pathname, search));
});

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
