import "server-only";
import { NextRequest } from "next/server";
import { publicOrigin } from "./request-host";

/** The public origin of a request Next.js itself serves (the proxy, Auth.js' routes). */
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
