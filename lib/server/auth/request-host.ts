import "server-only";
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
