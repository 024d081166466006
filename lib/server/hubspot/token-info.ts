import "server-only";
import { z } from "zod";

/** What HubSpot's access-token introspection tells: the portal and the user behind a token. */
export const tokenInfoSchema = z.object({
  hub_id: z.coerce.number().int(),
  user: z.string().optional(),
  user_id: z.coerce.number().int(),
  hub_domain: z.string().optional(),
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

/**
 * The one place the app introspects an access token (sign-in's "userinfo", and the
 * HUBSPOT_REFRESH_TOKEN bootstrap when the token answer has no hub_id):
 * `GET /oauth/v1/access-tokens/{token}`.
 */
export async function introspectAccessToken(baseUrl: string, accessToken: string, timeoutMs: number): Promise<TokenInfo> {
  const url = `${baseUrl.replace(/\/+$/, "")}/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`;
  const res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`HubSpot token introspection answered HTTP ${res.status}`);
  return tokenInfoSchema.parse(await res.json());
}
