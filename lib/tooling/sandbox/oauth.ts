import { createHash } from "node:crypto";
import { HttpError, hubspotError, json, noContent, parseForm, type Reply } from "./http";
import { route, type RequestContext, type Route } from "./router";
import type { AccessTokenRecord, RefreshTokenRecord, SandboxState } from "./state";
import {
  createRefreshToken,
  findLiveAccessToken,
  HUB_DOMAIN,
  issueAccessToken,
  SANDBOX_APP_ID,
  SANDBOX_USER,
  secondsLeft,
} from "./tokens";

/** RFC 6749 fields plus HubSpot's legacy `status`/`message`. */
function oauthError(error: string, description: string, status: string, httpStatus = 400): HttpError {
  return new HttpError(httpStatus, { error, error_description: description, status, message: description });
}

const BAD_REFRESH = () =>
  oauthError("invalid_grant", "refresh token is invalid, expired or revoked", "BAD_REFRESH_TOKEN");

const BODY_ONLY = ["grant_type", "client_id", "client_secret", "code", "redirect_uri", "refresh_token", "code_verifier", "token"];

/**
 * Form parameters of an OAuth call. v1 also reads the query string; v3 and 2026-03 refuse
 * parameters there so that secrets stay out of logs.
 */
function formParams(ctx: RequestContext, allowQuery: boolean): URLSearchParams {
  if (!allowQuery && BODY_ONLY.some((name) => ctx.query.has(name))) {
    throw oauthError("invalid_request", "Parameters must be sent in the request body, not the query string", "BAD_REQUEST");
  }
  const contentType = String(ctx.headers["content-type"] ?? "");
  if (ctx.rawBody.length > 0 && !contentType.includes("application/x-www-form-urlencoded")) {
    throw oauthError("invalid_request", "Content-Type must be application/x-www-form-urlencoded", "BAD_REQUEST");
  }
  const params = new URLSearchParams(allowQuery ? ctx.query : undefined);
  for (const [name, value] of parseForm(ctx.rawBody)) params.set(name, value);
  return params;
}

function checkClient(state: SandboxState, params: URLSearchParams): void {
  if (params.get("client_id") !== state.config.clientId) {
    throw oauthError("invalid_client", "missing or unknown client id", "BAD_CLIENT_ID");
  }
  if (params.get("client_secret") !== state.config.clientSecret) {
    throw oauthError("invalid_client", "missing or invalid client secret", "BAD_CLIENT_SECRET");
  }
}

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

function exchangeCode(state: SandboxState, params: URLSearchParams) {
  const code = state.authCodes.get(params.get("code") ?? "");
  if (!code || code.expiresAt <= Date.now()) {
    throw oauthError("invalid_grant", "auth code not found, expired or already used", "BAD_AUTH_CODE");
  }
  if (code.redirectUri !== params.get("redirect_uri")) {
    throw oauthError("invalid_grant", "redirect_uri does not match initial auth code URI", "MISMATCH_REDIRECT_URI_AUTH_CODE");
  }
  if (code.codeChallenge !== undefined && s256(params.get("code_verifier") ?? "") !== code.codeChallenge) {
    throw oauthError("invalid_grant", "code_verifier does not match the code_challenge", "BAD_CODE_VERIFIER");
  }
  state.authCodes.delete(code.code);
  return issueAccessToken(state, createRefreshToken(state, code.scopes));
}

function refresh(state: SandboxState, params: URLSearchParams) {
  const old = state.refreshTokens.get(params.get("refresh_token") ?? "");
  if (!old) throw BAD_REFRESH();
  if (!state.config.rotateRefreshTokens) return issueAccessToken(state, old);
  state.refreshTokens.delete(old.token);
  return issueAccessToken(state, createRefreshToken(state, old.scopes));
}

function tokenEndpoint(allowQuery: boolean) {
  return (ctx: RequestContext): Reply => {
    const params = formParams(ctx, allowQuery);
    const grant = params.get("grant_type") ?? "";
    if (grant !== "authorization_code" && grant !== "refresh_token") {
      throw oauthError("unsupported_grant_type", `grant_type ${grant || "(missing)"} is not supported`, "BAD_GRANT_TYPE");
    }
    checkClient(ctx.state, params);
    return json(200, grant === "authorization_code" ? exchangeCode(ctx.state, params) : refresh(ctx.state, params));
  };
}

/** What HubSpot's token metadata says of either kind of token. */
function tokenInfo(state: SandboxState, record: AccessTokenRecord | RefreshTokenRecord) {
  return { token: record.token, user: SANDBOX_USER.email, hub_domain: HUB_DOMAIN, scopes: record.scopes, hub_id: state.config.portalId };
}

function accessTokenInfo(state: SandboxState, record: AccessTokenRecord) {
  return { ...tokenInfo(state, record), app_id: SANDBOX_APP_ID, expires_in: secondsLeft(record), user_id: record.userId, token_type: "access" };
}

function refreshTokenInfo(state: SandboxState, record: RefreshTokenRecord) {
  return { ...tokenInfo(state, record), client_id: state.config.clientId, user_id: record.userId, token_type: "refresh" };
}

/** v3 introspection accepts `token` (spec) or `access_token`/`refresh_token` (docs). */
function introspect(ctx: RequestContext): Reply {
  const params = formParams(ctx, false);
  checkClient(ctx.state, params);
  const token = params.get("token") ?? params.get("access_token") ?? params.get("refresh_token") ?? "";
  const common = { active: true, client_id: ctx.state.config.clientId, is_private_distribution: false };
  const access = findLiveAccessToken(ctx.state, token);
  if (access && params.get("token_type_hint") !== "refresh_token") {
    const signed = { expiresAt: access.expiresAt, hubId: ctx.state.config.portalId, userId: access.userId, appId: SANDBOX_APP_ID };
    return json(200, {
      ...common,
      ...accessTokenInfo(ctx.state, access),
      signed_access_token: signed,
      token_use: "access_token",
      token_type: "Bearer",
    });
  }
  const refreshRecord = ctx.state.refreshTokens.get(token);
  if (refreshRecord) {
    const info = refreshTokenInfo(ctx.state, refreshRecord);
    return json(200, { ...common, ...info, app_id: SANDBOX_APP_ID, token_use: "refresh_token", token_type: "Bearer" });
  }
  return json(200, { active: false });
}

/** Revoking a refresh token also ends the access tokens issued from it. */
function revoke(ctx: RequestContext): Reply {
  const params = formParams(ctx, false);
  checkClient(ctx.state, params);
  const token = params.get("token") ?? "";
  ctx.state.accessTokens.delete(token);
  if (ctx.state.refreshTokens.delete(token)) {
    for (const [key, access] of ctx.state.accessTokens) if (access.refreshToken === token) ctx.state.accessTokens.delete(key);
  }
  return { status: 200, text: "" };
}

const tokenNotFound = () => hubspotError(404, "OBJECT_NOT_FOUND", "Token not found, expired or revoked");

export const oauthRoutes: Route[] = [
  route("POST", "/oauth/v1/token", tokenEndpoint(true)),
  route("POST", "/oauth/v3/token", tokenEndpoint(false)),
  route("POST", "/oauth/v3/token/introspect", introspect),
  route("POST", "/oauth/v3/token/revoke", revoke),
  route("GET", "/oauth/v1/access-tokens/:token", (ctx) => {
    const record = findLiveAccessToken(ctx.state, ctx.params.token);
    if (!record) throw tokenNotFound();
    return json(200, accessTokenInfo(ctx.state, record));
  }),
  route("GET", "/oauth/v1/refresh-tokens/:token", (ctx) => {
    const record = ctx.state.refreshTokens.get(ctx.params.token);
    if (!record) throw tokenNotFound();
    return json(200, refreshTokenInfo(ctx.state, record));
  }),
  route("DELETE", "/oauth/v1/refresh-tokens/:token", (ctx) => {
    if (!ctx.state.refreshTokens.delete(ctx.params.token)) throw tokenNotFound();
    return noContent();
  }),
];

export const isTokenEndpoint = (path: string) => /^\/oauth\/(v1|v3)\/token\/?$/.test(path);

/** Counts every token-endpoint attempt by grant type, including ones a fault answers. */
export function countTokenRequest(state: SandboxState, rawBody: string, query: URLSearchParams): void {
  const grant = parseForm(rawBody).get("grant_type") ?? query.get("grant_type") ?? "unknown";
  state.stats.tokenRequests[grant] = (state.stats.tokenRequests[grant] ?? 0) + 1;
}
