import "server-only";
import NextAuth from "next-auth";
import { logger } from "../logger";
import { createBaseAuthConfig } from "./config";
import { connectPortalOnSignIn } from "./connect-portal";
import { isSessionRevoked } from "./session-revocation";
import type { HubSpotProfile } from "./hubspot-provider";

const base = createBaseAuthConfig();

/** The setup code typed on /signin travels to the callback in this cookie (actions.ts). */
export const SETUP_CODE_COOKIE = "hubspot-crm.setup-code";

async function readSetupCode(): Promise<string | undefined> {
  try {
    const { cookies } = await import("next/headers");
    return (await cookies()).get(SETUP_CODE_COOKIE)?.value;
  } catch {
    return undefined;
  }
}

/** Auth.js for route handlers, pages and server actions: the base config plus the portal connect step. */
export const { handlers, auth, signIn, signOut } = NextAuth({
  ...base,
  callbacks: {
    ...base.callbacks,
    // The base check (absolute lifetime), then server-side revocation: sign out everywhere.
    async jwt(params) {
      const token = await base.callbacks!.jwt!(params);
      return token && !(await isSessionRevoked(token)) ? token : null;
    },
    async signIn({ account, profile }) {
      if (account?.provider !== "hubspot" || !profile) return false;
      const p = profile as unknown as HubSpotProfile;
      const outcome = await connectPortalOnSignIn({
        hubId: String(p.hub_id),
        accessToken: account.access_token,
        refreshToken: account.refresh_token,
        expiresInSeconds: account.expires_in ?? (account.expires_at ? account.expires_at - Math.floor(Date.now() / 1000) : undefined),
        scopes: typeof account.scope === "string" ? account.scope.split(/\s+/) : (account as { scopes?: string[] }).scopes,
        setupCode: await readSetupCode(),
      });
      if (outcome.ok) {
        logger.info({ auth: { event: "sign_in", action: outcome.action, portalId: String(p.hub_id) } }, "staff signed in");
        return true;
      }
      logger.warn({ auth: { event: "sign_in_refused", reason: outcome.reason, portalId: String(p.hub_id) } }, "staff sign-in refused");
      const query = new URLSearchParams({ reason: outcome.reason, portal: String(p.hub_id) });
      if (outcome.expectedPortalId) query.set("expected", outcome.expectedPortalId);
      return `/signin/refused?${query}`;
    },
  },
});
