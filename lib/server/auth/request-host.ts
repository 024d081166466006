import "server-only";
import { NextRequest } from "next/server";
import { env } from "../env";

const first = (value: string | null) => value?.split(",")[0]?.trim() || undefined;

/**
 * The app's public origin, for redirects and OAuth redirect_uri: AUTH_URL when set (required in
 * production unless AUTH_TRUST_PROXY=1); X-Forwarded-Host/Proto only with AUTH_TRUST_PROXY=1 (a
 * proxy of ours sets them); else, in development, the Host header. `fallback` is the request URL,
 * which the standalone server gives as its listening address (`http://0.0.0.0:5001`).
 */
export function publicOrigin(headers: Headers, fallback: string): string {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  const trusted = env.AUTH_TRUST_PROXY === "1";
  const host = (trusted && first(headers.get("x-forwarded-host"))) || headers.get("host");
  const fallbackUrl = new URL(fallback);
  if (!host) return fallbackUrl.origin;
  const proto = (trusted && first(headers.get("x-forwarded-proto"))) || fallbackUrl.protocol.replace(/:$/, "");
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return fallbackUrl.origin;
  }
}

export const requestOrigin = (req: NextRequest): string => publicOrigin(req.headers, req.nextUrl.href);

/**
 * The same request, addressed to the public origin, with Host and X-Forwarded-* rewritten to it:
 * Auth.js builds its URLs from those headers, so an untrusted one must not reach it.
 */
export function withRequestOrigin(req: NextRequest): NextRequest {
  const origin = new URL(requestOrigin(req));
  const headers = new Headers(req.headers);
  headers.set("host", origin.host);
  headers.set("x-forwarded-host", origin.host);
  headers.set("x-forwarded-proto", origin.protocol.replace(/:$/, ""));
  const url = req.nextUrl.href.replace(req.nextUrl.origin, origin.origin);
  const init = { method: req.method, headers, body: req.body, duplex: "half" };
  return new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]);
}
