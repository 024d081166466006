import "server-only";
import { db } from "../db";
import { canOpenSecret, sealSecret } from "../secret-box";
import { resumeAfterReconnect } from "../services/registrations/store";

export interface OAuthGrant {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  portalId?: string;
  scopes?: string[];
}

/** Store (encrypted) the tokens of a portal connected through the OAuth sign-in. */
export async function saveOAuthConnection(grant: OAuthGrant, id = "default") {
  const data = {
    mode: "oauth",
    accessToken: sealSecret(grant.accessToken),
    refreshToken: sealSecret(grant.refreshToken),
    expiresAt: new Date(Date.now() + grant.expiresInSeconds * 1000),
    portalId: grant.portalId,
    scopes: grant.scopes ?? [],
    status: "active",
    statusReason: null,
  };
  await db.hubSpotConnection.upsert({ where: { id }, create: { id, ...data }, update: data });
  // Registrations that waited for a reconnect (or stopped on an auth error) are due now; the worker's sweep picks them up.
  await resumeAfterReconnect();
}

export type ConnectionStatus =
  | { state: "not_connected" }
  | {
      state: "connected" | "needs_reconnect";
      portalId: string | null;
      reason: string | null;
      updatedAt: Date;
      /** What the portal granted, read at connect (empty when unknown). */
      scopes: string[];
    };

/** What the UI and health show: never any token. */
export async function getConnectionStatus(id = "default"): Promise<ConnectionStatus> {
  const row = await db.hubSpotConnection.findUnique({
    where: { id },
    select: { status: true, portalId: true, statusReason: true, updatedAt: true, refreshToken: true, scopes: true },
  });
  if (!row?.refreshToken) return { state: "not_connected" };
  // Tokens no configured key opens (a rotated secret) are as good as revoked: a sign-in reconnects.
  const isUsable = row.status !== "needs_reconnect" && canOpenSecret(row.refreshToken);
  return {
    state: isUsable ? "connected" : "needs_reconnect",
    portalId: row.portalId,
    reason: row.statusReason ?? (isUsable ? null : "stored tokens cannot be decrypted with the configured keys"),
    updatedAt: row.updatedAt,
    scopes: row.scopes,
  };
}
