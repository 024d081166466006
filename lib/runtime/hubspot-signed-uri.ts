/**
 * The characters HubSpot's v3 request-validation instructions say to URL-decode in the request
 * URI before signing (`%3A` → `:` …). Whether HubSpot itself signs the URI as sent or decoded is
 * not confirmed, so the app accepts both forms and the sandbox can sign either way
 * (docs/mirror.md). Shared by both, outside lib/server so the sandbox may import it.
 */
const DECODED: [RegExp, string][] = [
  [/%3A/gi, ":"], [/%2F/gi, "/"], [/%3F/gi, "?"], [/%40/gi, "@"], [/%21/gi, "!"], [/%24/gi, "$"],
  [/%27/gi, "'"], [/%28/gi, "("], [/%29/gi, ")"], [/%2A/gi, "*"], [/%2C/gi, ","], [/%3B/gi, ";"],
];

export function decodeSignedUri(uri: string): string {
  return DECODED.reduce((acc, [pattern, char]) => acc.replace(pattern, char), uri);
}
