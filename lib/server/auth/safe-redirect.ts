import "server-only";

/** Stands in for the app's origin when only a path is to be checked. */
const SELF = "http://app.invalid";

/**
 * Where to send a visitor after sign-in: `value` resolved with the URL API against the app's
 * origin, kept only when it stays on that origin, and returned as a normalised path (percent-
 * encoded, so no control character or backslash reaches a `Location` header). Anything else
 * (another origin, `/\host`, `/<TAB>/host`, CR/LF, not a string) is `/`.
 */
export function safeCallbackPath(value: unknown, origin: string = SELF): string {
  if (typeof value !== "string" || value === "") return "/";
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin) return "/";
  // A relative value must be a path of ours: "evil.example" or "?x" would be resolved against /signin.
  if (!/^[a-z][a-z\d+.-]*:/i.test(value) && !value.startsWith("/")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
