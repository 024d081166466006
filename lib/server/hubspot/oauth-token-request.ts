import "server-only";
import ky from "ky";
import { z } from "zod";
import { DEFAULT_HUBSPOT_API_VERSION } from "@/lib/runtime/hubspot-api-version";
import { hubSpotPaths } from "./paths";
import { hubSpotErrorFromResponse, HubSpotError, HubSpotUnavailableError } from "./errors";

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  token_type: z.string().optional(),
  hub_id: z.coerce.number().optional(),
  scopes: z.array(z.string()).optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export interface TokenRequestOptions {
  baseUrl: string;
  /** The pinned version's token endpoint (`HubSpotPaths.oauthToken()`); default that of 2026-09. */
  tokenPath?: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

/**
 * POST to the token endpoint (form body, never query: keeps secrets out of access logs).
 * Used for both grants; the caller decides what to do with each typed error.
 */
export async function requestToken(
  opts: TokenRequestOptions,
  grant: { grant_type: "refresh_token"; refresh_token: string } | {
    grant_type: "authorization_code";
    code: string;
    redirect_uri: string;
    code_verifier?: string;
  },
): Promise<TokenResponse> {
  const form = new URLSearchParams({ ...grant, client_id: opts.clientId, client_secret: opts.clientSecret });
  let res: Response;
  try {
    res = await ky.post(new URL(opts.tokenPath ?? hubSpotPaths(DEFAULT_HUBSPOT_API_VERSION).oauthToken(), opts.baseUrl), {
      body: form,
      timeout: opts.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
    });
  } catch (e) {
    throw new HubSpotUnavailableError({ status: 0, message: `token endpoint unreachable: ${(e as Error).name}` });
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw hubSpotErrorFromResponse(res.status, body, res.headers);
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new HubSpotError({ status: res.status, message: "token endpoint answered an unexpected body" });
  return parsed.data;
}
