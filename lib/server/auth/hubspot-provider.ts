import "server-only";
import type { OAuthConfig } from "next-auth/providers";
import { SANDBOX_OAUTH_CLIENT } from "@/lib/runtime/env-schema";
import { env } from "../env";
import { introspectAccessToken, type TokenInfo } from "../hubspot/oauth-introspect";
import { hubSpotPaths } from "../hubspot/paths";

/**
 * Scopes asked at sign-in when the sign-in also connects the portal (OAuth and sandbox modes);
 * the same lists as `requiredScopes`/`optionalScopes` in docs/hubspot-project. The schema
 * scopes are optional: they let the app create its sync-key property on deals and tickets
 * itself; without them an admin creates that property once by hand (docs/auth.md).
 */
export const CONNECT_SCOPES = [
  "oauth",
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.objects.deals.read",
  "crm.objects.deals.write",
  "crm.objects.tickets.read",
  "crm.objects.tickets.write",
] as const;
export const OPTIONAL_SCOPES = ["crm.schemas.deals.write", "crm.schemas.tickets.write"] as const;

export type HubSpotProfile = TokenInfo;

const HUBSPOT_API = "https://api.hubapi.com";
const HUBSPOT_AUTHORIZE = "https://app.hubspot.com/oauth/authorize";

/** The OAuth app staff sign in with: the sandbox's in sandbox mode, else HUBSPOT_CLIENT_ID/SECRET (if both set). */
export function getSignInClient(): { id: string; secret: string } | undefined {
  if (env.hubspotMode === "sandbox") return { id: SANDBOX_OAUTH_CLIENT.id, secret: SANDBOX_OAUTH_CLIENT.secret };
  if (env.HUBSPOT_CLIENT_ID && env.HUBSPOT_CLIENT_SECRET) return { id: env.HUBSPOT_CLIENT_ID, secret: env.HUBSPOT_CLIENT_SECRET };
  return undefined;
}

/** With a private-app token the sign-in proves identity only: no CRM scopes, no tokens kept. */
export const isIdentityOnlySignIn = () => env.hubspotMode === "private_app";

/** HubSpot's endpoints, or the sandbox's when HUBSPOT_API_BASE_URL points elsewhere. */
export function getHubSpotOAuthUrls() {
  const api = env.HUBSPOT_API_BASE_URL.replace(/\/+$/, "");
  const isHubSpot = api === HUBSPOT_API;
  const authorizeBase = env.HUBSPOT_AUTHORIZE_URL ?? (isHubSpot ? HUBSPOT_AUTHORIZE : `${api}/oauth/authorize`);
  // `/oauth/{portalId}/authorize` pins the install to one account.
  const authorize = env.HUBSPOT_PORTAL_ID && !env.HUBSPOT_AUTHORIZE_URL
    ? authorizeBase.replace(/\/oauth\/authorize$/, `/oauth/${env.HUBSPOT_PORTAL_ID}/authorize`)
    : authorizeBase;
  const paths = hubSpotPaths(env.HUBSPOT_API_VERSION);
  return { api, authorize, token: `${api}${paths.oauthToken()}`, introspect: paths.oauthIntrospect() };
}

/**
 * Auth.js provider for HubSpot: authorization code with `state` and PKCE, the pinned version's
 * token endpoint (form body, client_secret_post) and the access-token introspection as "userinfo".
 */
export function createHubSpotProvider(client: { id: string; secret: string }): OAuthConfig<HubSpotProfile> {
  const urls = getHubSpotOAuthUrls();
  const identityOnly = isIdentityOnlySignIn();
  return {
    id: "hubspot",
    name: env.hubspotMode === "sandbox" ? "HubSpot sandbox" : "HubSpot",
    type: "oauth",
    clientId: client.id,
    clientSecret: client.secret,
    checks: ["pkce", "state"],
    client: { token_endpoint_auth_method: "client_secret_post" },
    authorization: {
      url: urls.authorize,
      params: identityOnly ? { scope: "oauth" } : { scope: CONNECT_SCOPES.join(" "), optional_scope: OPTIONAL_SCOPES.join(" ") },
    },
    token: urls.token,
    userinfo: {
      url: `${urls.api}${urls.introspect}`,
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const opts = { baseUrl: urls.api, path: urls.introspect, clientId: client.id, clientSecret: client.secret, timeoutMs: env.HUBSPOT_TIMEOUT_MS };
        return introspectAccessToken(opts, tokens.access_token ?? "");
      },
    },
    profile(profile) {
      return { id: String(profile.user_id), email: profile.user ?? null, name: profile.user ?? `HubSpot user ${profile.user_id}` };
    },
    style: { bg: "#ff7a59", text: "#fff" },
  };
}
