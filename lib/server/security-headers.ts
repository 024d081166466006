import "server-only";
import { getHubSpotOAuthUrls } from "./auth/hubspot-provider";
import { env } from "./env";

/**
 * Headers on every page (proxy.ts). Scripts may be inline: Next.js inlines its bootstrap and the
 * pages are not rendered with a nonce. The sign-in form's POST ends in a redirect to HubSpot's
 * authorize page, so `form-action` names that origin too.
 */
export function pageSecurityHeaders(publicOrigin: string): Record<string, string> {
  const authorize = new URL(getHubSpotOAuthUrls().authorize).origin;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${authorize}`,
    "frame-ancestors 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
  if (publicOrigin.startsWith("https:")) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
