import "server-only";
import ky from "ky";
import { z } from "zod";
import { hubSpotErrorFromResponse, HubSpotError, HubSpotUnavailableError } from "./errors";

/** What HubSpot's access-token introspection says; every field but the ids may be absent. */
export const tokenInfoSchema = z.object({
  active: z.boolean().optional(),
  hub_id: z.coerce.number().int(),
  user: z.string().optional(),
  user_id: z.coerce.number().int(),
  hub_domain: z.string().optional(),
  scopes: z.array(z.string()).optional(),
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

export interface IntrospectOptions {
  baseUrl: string;
  /** `HubSpotPaths.oauthIntrospect()` of the pinned version. */
  path: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

/**
 * POST …/token/introspect for an access token: who installed the app, on which portal, with
 * which scopes. HubSpot's spec names the form field `token`, its docs page `access_token`: both
 * are sent, so either reading works.
 */
export async function introspectAccessToken(opts: IntrospectOptions, accessToken: string): Promise<TokenInfo> {
  const form = new URLSearchParams({
    client_id: opts.clientId,
    client_secret: opts.clientSecret,
    token: accessToken,
    access_token: accessToken,
    token_type_hint: "access_token",
  });
  let res: Response;
  try {
    res = await ky.post(new URL(opts.path, opts.baseUrl), { body: form, timeout: opts.timeoutMs, retry: 0, throwHttpErrors: false });
  } catch (e) {
    throw new HubSpotUnavailableError({ status: 0, message: `token introspection unreachable: ${(e as Error).name}` });
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw hubSpotErrorFromResponse(res.status, body, res.headers);
  const parsed = tokenInfoSchema.safeParse(body);
  if (!parsed.success || parsed.data.active === false) {
    throw new HubSpotError({ status: res.status, message: "token introspection answered an inactive or unexpected token" });
  }
  return parsed.data;
}
