import "server-only";
import { NextRequest } from "next/server";
import { env } from "../env";

/**
 * The origin the browser used, from `X-Forwarded-Host`/`Host` (Auth.js's trustHost rule), unless
 * AUTH_URL pins it. The standalone server gives route handlers and the proxy its listening address
 * (`http://0.0.0.0:5001`) as the request URL, which must never reach a redirect or an OAuth
 * redirect_uri: the browser would be sent to another origin, without its cookies.
 */
export function requestOrigin(req: NextRequest): string {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  if (!host) return req.nextUrl.origin;
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || req.nextUrl.protocol.replace(/:$/, "");
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return req.nextUrl.origin;
  }
}

/** The same request, addressed to the origin the browser used (see requestOrigin). */
export function withRequestOrigin(req: NextRequest): NextRequest {
  const origin = requestOrigin(req);
  if (origin === req.nextUrl.origin) return req;
  return new NextRequest(req.nextUrl.href.replace(req.nextUrl.origin, origin), req);
}
