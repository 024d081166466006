import "server-only";

/**
 * Paths the proxy lets through without a session. API paths are not pages: their route wrapper
 * answers 401 JSON itself (and accepts API keys), including the seed paths rewritten to /api.
 */
const PUBLIC_PREFIXES = ["/signin", "/api/", "/crm/", "/objects/", "/_next/"];
const PUBLIC_EXACT = new Set(["/api", "/crm", "/objects", "/docs/openapi.yaml", "/favicon.ico", "/robots.txt", "/icon.svg"]);

export function isPublicPath(pathname: string): boolean {
  if (PUBLIC_EXACT.has(pathname)) return true;
  return PUBLIC_PREFIXES.some((p) => (p.endsWith("/") ? pathname.startsWith(p) : pathname === p || pathname.startsWith(`${p}/`)));
}

/** Where to send someone without a session, remembering where they were going. */
export function signInUrl(origin: string, pathname: string, search: string): URL {
  const url = new URL("/signin", origin);
  if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
  return url;
}
