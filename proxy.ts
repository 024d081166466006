// Every page needs a staff session; without one the visitor is sent to /signin (API routes answer 401 themselves).
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { createBaseAuthConfig } from "@/lib/server/auth/config";
import { isPublicPath, signInUrl } from "@/lib/server/auth/public-paths";

const { auth } = NextAuth(createBaseAuthConfig());

export const proxy = auth((req) => {
  const { pathname, search, origin } = req.nextUrl;
  if (req.auth || isPublicPath(pathname)) return NextResponse.next();
  return NextResponse.redirect(signInUrl(origin, pathname, search));
});

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
