import { hubspotError, randomToken } from "./http";
import type { AccessTokenRecord, RefreshTokenRecord, SandboxState } from "./state";

/** The one user that "installs" the app in the sandbox portal. */
export const SANDBOX_USER = { email: "sandbox-user@example.com", id: 7654321 };
export const SANDBOX_APP_ID = 424242;
export const HUB_DOMAIN = "sandbox.example.com";

/** Granted when the authorize URL asks for nothing; `oauth` is always added. */
export const DEFAULT_SCOPES = [
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.objects.deals.read",
  "crm.objects.deals.write",
  "tickets",
];

export function grantedScopes(requested: string[]): string[] {
  const scopes = requested.length > 0 ? requested : DEFAULT_SCOPES;
  return ["oauth", ...new Set(scopes.filter((s) => s !== "oauth"))];
}

const newAccessToken = () => `CN${randomToken(98)}`;
const newRefreshToken = () => `na1-${randomToken(96)}`;

export function createRefreshToken(state: SandboxState, scopes: string[]): RefreshTokenRecord {
  const record = { token: newRefreshToken(), scopes, userId: SANDBOX_USER.id };
  state.refreshTokens.set(record.token, record);
  return record;
}

/** Issues an access token tied to `refresh` and returns the `AccessTokenResponse` body. */
export function issueAccessToken(state: SandboxState, refresh: RefreshTokenRecord) {
  const ttl = state.config.tokenTtlSeconds;
  const access: AccessTokenRecord = {
    token: newAccessToken(),
    expiresAt: Date.now() + ttl * 1000,
    scopes: refresh.scopes,
    userId: refresh.userId,
    refreshToken: refresh.token,
  };
  state.accessTokens.set(access.token, access);
  return {
    token_type: "bearer",
    access_token: access.token,
    refresh_token: refresh.token,
    expires_in: ttl,
    token_use: "access_token",
    hub_id: state.config.portalId,
    user_id: access.userId,
    scopes: access.scopes,
  };
}

export const secondsLeft = (record: AccessTokenRecord) => Math.floor((record.expiresAt - Date.now()) / 1000);

export function findLiveAccessToken(state: SandboxState, token: string): AccessTokenRecord | undefined {
  const record = state.accessTokens.get(token);
  return record && record.expiresAt > Date.now() ? record : undefined;
}

/** "5 hour(s)", the unit HubSpot picks for how long ago a token expired. */
function describeAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: [number, string][] = [[86_400, "day"], [3_600, "hour"], [60, "minute"]];
  const [size, unit] = units.find(([s]) => seconds >= s) ?? [1, "second"];
  return `${Math.floor(seconds / size)} ${unit}(s)`;
}

export interface Caller {
  token: string;
  isPrivateApp: boolean;
  /** What the token was granted; `/crm` calls outside them answer 403 MISSING_SCOPES. */
  scopes: readonly string[];
}

/** Bearer check for `/crm/*`: 401 INVALID_AUTHENTICATION or EXPIRED_AUTHENTICATION. */
export function authenticate(state: SandboxState, header: string | undefined): Caller {
  const token = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim();
  if (token && token === state.config.privateAppToken) return { token, isPrivateApp: true, scopes: state.config.privateAppScopes };
  const record = token ? state.accessTokens.get(token) : undefined;
  if (!token || !record) {
    throw hubspotError(
      401,
      "INVALID_AUTHENTICATION",
      "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find " +
        "more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
    );
  }
  const age = Date.now() - record.expiresAt;
  if (age >= 0) {
    const message = `The OAuth token used to make this call expired ${describeAge(age)} ago.`;
    throw hubspotError(401, "EXPIRED_AUTHENTICATION", message, {
      context: { "expire time": [new Date(record.expiresAt).toISOString()] },
    });
  }
  return { token, isPrivateApp: false, scopes: record.scopes };
}
