import "server-only";
import { db } from "../db";
import { env } from "../env";
import { getHubSpot } from "../hubspot";
import { getConnectionStatus, saveOAuthConnection } from "../hubspot/connection-store";
import { introspectAccessToken } from "../hubspot/oauth-introspect";
import { hubSpotPaths } from "../hubspot/paths";
import { clearObservedMissingScopes } from "../hubspot/scopes";
import { logger } from "../logger";
import { requestCatchUp } from "../mirror/sync-state";
import { getSignInClient } from "./hubspot-provider";
import { deleteSetupCode, isSetupCodeValid, isSetupPending, STAFF_PORTAL_SETTING } from "./setup-code";

/** Why a HubSpot user may not sign in; each has its own message on /signin/refused. */
export type SignInRefusal = "other_portal" | "no_portal" | "no_refresh_token" | "setup_code";

export type SignInOutcome =
  | { ok: true; action: "connected" | "reconnected" | "authenticated" }
  | { ok: false; reason: SignInRefusal; expectedPortalId?: string };

export interface SignInGrant {
  hubId: string;
  accessToken?: string;
  refreshToken?: string;
  expiresInSeconds?: number;
  scopes?: string[];
  /** What the person signing in typed as the setup code (setup-code.ts), if asked. */
  setupCode?: string;
}

const SETUP_CODE_REFUSAL: SignInOutcome = { ok: false, reason: "setup_code" };

/** In private-app mode the portal is pinned by HUBSPOT_PORTAL_ID, or by the first sign-in with the setup code. */
async function signInWithPrivateApp(hubId: string, setupCode?: string): Promise<SignInOutcome> {
  if (env.HUBSPOT_PORTAL_ID) {
    return env.HUBSPOT_PORTAL_ID === hubId ? { ok: true, action: "authenticated" } : refuse(env.HUBSPOT_PORTAL_ID);
  }
  if ((await isSetupPending()) && !(await isSetupCodeValid(setupCode))) return SETUP_CODE_REFUSAL;
  await db.portalSetting.upsert({ where: { key: STAFF_PORTAL_SETTING }, create: { key: STAFF_PORTAL_SETTING, value: hubId }, update: {} });
  const pinned = await db.portalSetting.findUnique({ where: { key: STAFF_PORTAL_SETTING } });
  if (String(pinned?.value) !== hubId) return refuse(String(pinned?.value));
  await deleteSetupCode();
  return { ok: true, action: "authenticated" };
}

const refuse = (expectedPortalId: string): SignInOutcome => ({ ok: false, reason: "other_portal", expectedPortalId });

/**
 * The scopes the portal actually granted, from HubSpot's token introspection (the install may
 * have granted fewer than asked); the token response's list when introspection fails.
 */
async function readGrantedScopes(accessToken: string, fallback: string[] | undefined): Promise<string[] | undefined> {
  const client = getSignInClient();
  if (!client) return fallback;
  const opts = {
    baseUrl: env.HUBSPOT_API_BASE_URL,
    path: hubSpotPaths(env.HUBSPOT_API_VERSION).oauthIntrospect(),
    clientId: client.id,
    clientSecret: client.secret,
    timeoutMs: env.HUBSPOT_TIMEOUT_MS,
  };
  try {
    return (await introspectAccessToken(opts, accessToken)).scopes ?? fallback;
  } catch (e) {
    logger.warn({ auth: { event: "introspection_failed", error: (e as Error).message } }, "could not read the granted scopes");
    return fallback;
  }
}

/**
 * Decide what a HubSpot sign-in does. OAuth and sandbox modes: the first sign-in (OAuth mode
 * without HUBSPOT_PORTAL_ID: only with the setup code from the server log) connects the
 * portal (its tokens stored encrypted, server-side only), a connection marked needs_reconnect
 * is reconnected, any other sign-in only authenticates; a user of another portal is refused.
 */
export async function connectPortalOnSignIn(grant: SignInGrant): Promise<SignInOutcome> {
  if (!/^\d+$/.test(grant.hubId)) return { ok: false, reason: "no_portal" };
  if (env.hubspotMode === "private_app") return signInWithPrivateApp(grant.hubId, grant.setupCode);
  if (env.HUBSPOT_PORTAL_ID && env.HUBSPOT_PORTAL_ID !== grant.hubId) return refuse(env.HUBSPOT_PORTAL_ID);

  let status = await getConnectionStatus();
  if (status.state === "not_connected" && env.HUBSPOT_REFRESH_TOKEN) {
    // The operator chose the portal with HUBSPOT_REFRESH_TOKEN: connect it (and learn its portal) before any sign-in may.
    await getHubSpot().opts.tokens.getToken().catch(() => undefined);
    status = await getConnectionStatus();
    if (status.state === "not_connected") return { ok: false, reason: "no_portal" };
  }
  if (status.state !== "not_connected" && status.portalId && status.portalId !== grant.hubId) return refuse(status.portalId);
  // A connection whose portal is not known (HUBSPOT_REFRESH_TOKEN before its first refresh) vouches for nobody.
  if (status.state === "connected" && !status.portalId) return { ok: false, reason: "no_portal" };
  if (status.state === "connected") return { ok: true, action: "authenticated" };
  if (status.state === "not_connected" && (await isSetupPending()) && !(await isSetupCodeValid(grant.setupCode))) return SETUP_CODE_REFUSAL;
  if (!grant.accessToken || !grant.refreshToken) return { ok: false, reason: "no_refresh_token" };

  await saveOAuthConnection({
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken,
    expiresInSeconds: grant.expiresInSeconds ?? 1800,
    portalId: grant.hubId,
    scopes: await readGrantedScopes(grant.accessToken, grant.scopes),
  });
  await deleteSetupCode();
  await clearObservedMissingScopes();
  // The mirror catches up with the portal just connected (the worker runs it).
  await requestCatchUp().catch((err: unknown) => logger.warn({ err }, "could not ask the mirror for a catch-up"));
  const action = status.state === "needs_reconnect" ? "reconnected" : "connected";
  logger.info({ auth: { event: `portal_${action}`, portalId: grant.hubId } }, `HubSpot portal ${action} by a staff sign-in`);
  return { ok: true, action };
}
