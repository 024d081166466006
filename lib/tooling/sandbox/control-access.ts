import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./http";

/** Header that carries the control token (`SANDBOX_CONTROL_TOKEN`). */
export const CONTROL_TOKEN_HEADER = "x-sandbox-control-token";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
export const isLoopbackHost = (host: string) => LOOPBACK.has(host) || host.startsWith("127.");

/**
 * The control API (`/__sandbox/*`: faults, token revocation, reset) can wreck the sandbox. On a
 * loopback address only local programs reach it; listening beyond loopback (Docker's 0.0.0.0)
 * it needs the token, and without a configured token it is closed.
 */
export function controlAccessRefusal(listenHost: string, token: string | undefined, headers: IncomingHttpHeaders): Reply | undefined {
  if (isLoopbackHost(listenHost)) return undefined;
  const sent = headers[CONTROL_TOKEN_HEADER];
  if (token && typeof sent === "string" && sent.length === token.length && timingSafeEqual(Buffer.from(sent), Buffer.from(token))) {
    return undefined;
  }
  const message = token
    ? `The sandbox control API needs the ${CONTROL_TOKEN_HEADER} header.`
    : "The sandbox control API is closed: the sandbox listens beyond loopback and SANDBOX_CONTROL_TOKEN is not set.";
  return { status: 403, body: { status: "error", message, category: "FORBIDDEN" } };
}
