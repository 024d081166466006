import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "../logger";
import { openSecret, sealSecret, SecretKeyUnknownError } from "../secret-box";
import { HubSpotError, HubSpotReconnectRequiredError, HubSpotUnavailableError } from "./errors";
import { requestToken, type TokenRequestOptions } from "./oauth-token-request";
import { DEFAULT_HUBSPOT_API_VERSION } from "@/lib/runtime/hubspot-api-version";
import { introspectAccessToken } from "./oauth-introspect";
import { hubSpotPaths } from "./paths";

/** Gives the HubSpot client a bearer token; refreshes OAuth tokens ahead of expiry. */
export interface TokenProvider {
  getToken(): Promise<string>;
  /** After a 401: refresh unless someone already replaced `staleToken`. */
  forceRefresh(staleToken: string): Promise<string>;
}

/** A private-app token (or the sandbox's): never expires, nothing to refresh. */
export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly token: string) {}
  async getToken() {
    return this.token;
  }
  async forceRefresh() {
    return this.token;
  }
}

export interface OAuthTokenProviderOptions extends TokenRequestOptions {
  db: PrismaClient;
  log: Logger;
  marginSeconds: number;
  /** HUBSPOT_REFRESH_TOKEN: connects a portal without a browser when no connection is stored. */
  bootstrapRefreshToken?: string;
  /** Token introspection of the pinned version (`HubSpotPaths.oauthIntrospect()`): the portal when a token answer lacks hub_id. */
  introspectPath?: string;
  connectionId?: string;
  /** Used while no portal is connected (sandbox mode: the sandbox's private-app token). */
  fallback?: TokenProvider;
}

/** Both stored tokens in clear, or undefined when no configured key opens them. */
function openStoredTokens(access: string | null, refresh: string): { access?: string; refresh: string } | undefined {
  try {
    return { access: access ? openSecret(access) : undefined, refresh: openSecret(refresh) };
  } catch (e) {
    if (e instanceof SecretKeyUnknownError) return undefined;
    throw e;
  }
}

interface ConnectionRow {
  access_token: string | null;
  refresh_token: string | null;
  expires_at: Date | null;
  status: string;
  portal_id: string | null;
}

/**
 * OAuth tokens stored in PostgreSQL, encrypted (secret-box.ts). One refresh at a time per process (a shared promise)
 * and across processes (the connection row is locked FOR UPDATE while refreshing, and a
 * process that waited re-reads the row and uses the token the winner stored).
 */
export class OAuthTokenProvider implements TokenProvider {
  private cached?: { token: string; expiresAt: number };
  /** When the last look found no connection; re-checked at most every 2 s. */
  private noConnectionSeenAt = 0;
  private inflight?: Promise<string>;
  private readonly id: string;

  constructor(private readonly opts: OAuthTokenProviderOptions) {
    this.id = opts.connectionId ?? "default";
  }

  private isFresh(expiresAt: number | undefined) {
    return expiresAt !== undefined && expiresAt - this.opts.marginSeconds * 1000 > Date.now();
  }

  async getToken(): Promise<string> {
    if (this.cached && this.isFresh(this.cached.expiresAt)) return this.cached.token;
    if (this.opts.fallback && Date.now() - this.noConnectionSeenAt < 2000) return this.opts.fallback.getToken();
    return this.refreshOnce();
  }

  async forceRefresh(staleToken: string): Promise<string> {
    return this.refreshOnce(staleToken);
  }

  private refreshOnce(staleToken?: string): Promise<string> {
    this.inflight ??= this.refreshLocked(staleToken).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async ensureRow() {
    if (!this.opts.bootstrapRefreshToken) return;
    await this.opts.db.$executeRaw`
      INSERT INTO hubspot_connection (id, mode, refresh_token, status, updated_at)
      VALUES (${this.id}, 'oauth', ${sealSecret(this.opts.bootstrapRefreshToken)}, 'active', now())
      ON CONFLICT (id) DO NOTHING`;
  }

  private async refreshLocked(staleToken?: string): Promise<string> {
    await this.ensureRow();
    let revoked: HubSpotError | undefined;
    const token = await this.opts.db.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<ConnectionRow[]>`
          SELECT access_token, refresh_token, expires_at, status, portal_id
          FROM hubspot_connection WHERE id = ${this.id} FOR UPDATE`;
        if (!row?.refresh_token && this.opts.fallback) {
          this.noConnectionSeenAt = Date.now();
          return this.opts.fallback.getToken();
        }
        if (!row?.refresh_token) {
          throw new HubSpotReconnectRequiredError({ status: 0, message: "HubSpot is not connected: connect a portal" });
        }
        if (row.status === "needs_reconnect") {
          throw new HubSpotReconnectRequiredError({ status: 0, message: "HubSpot connection needs to be reconnected" });
        }
        const expiresAt = row.expires_at?.getTime();
        const opened = openStoredTokens(row.access_token, row.refresh_token);
        if (!opened) {
          // Sealed under a key no longer configured: a clear needs-reconnect, which the next sign-in repairs.
          revoked = new HubSpotReconnectRequiredError({ status: 0, message: new SecretKeyUnknownError().message });
          return "";
        }
        const stored = opened.access;
        if (stored && this.isFresh(expiresAt) && stored !== staleToken) {
          this.cached = { token: stored, expiresAt: expiresAt! };
          return stored;
        }
        const startedAt = Date.now();
        try {
          const res = await requestToken(this.opts, { grant_type: "refresh_token", refresh_token: opened.refresh });
          const newExpiry = new Date(startedAt + res.expires_in * 1000);
          // The portal must be known (sign-ins are checked against it): ask HubSpot when the answer omits it.
          const hubId = res.hub_id ?? (row.portal_id ? undefined : (await introspectAccessToken({ ...this.opts, path: this.opts.introspectPath ?? hubSpotPaths(DEFAULT_HUBSPOT_API_VERSION).oauthIntrospect() }, res.access_token)).hub_id);
          await tx.$executeRaw`
            UPDATE hubspot_connection SET access_token = ${sealSecret(res.access_token)}, refresh_token = ${sealSecret(res.refresh_token)},
              expires_at = ${newExpiry}, portal_id = COALESCE(${hubId?.toString() ?? null}, portal_id),
              refresh_count = refresh_count + 1, updated_at = now()
            WHERE id = ${this.id}`;
          this.cached = { token: res.access_token, expiresAt: newExpiry.getTime() };
          this.opts.log.info({ hubspot: { event: "token_refreshed", expiresIn: res.expires_in } }, "HubSpot access token refreshed");
          return res.access_token;
        } catch (e) {
          if (e instanceof HubSpotReconnectRequiredError) {
            revoked = e;
            return "";
          }
          throw e instanceof HubSpotError ? e : new HubSpotUnavailableError({ status: 0, message: (e as Error).message });
        }
      },
      { maxWait: 30_000, timeout: this.opts.timeoutMs + 15_000 },
    );
    if (revoked) {
      await this.markNeedsReconnect(revoked.message);
      throw revoked;
    }
    return token;
  }

  private async markNeedsReconnect(reason: string) {
    this.cached = undefined;
    await this.opts.db.$executeRaw`
      UPDATE hubspot_connection SET status = 'needs_reconnect', status_reason = ${reason}, access_token = NULL, updated_at = now()
      WHERE id = ${this.id}`;
    this.opts.log.error({ hubspot: { event: "connection_revoked" } }, "HubSpot refresh token refused: reconnect needed");
  }
}
