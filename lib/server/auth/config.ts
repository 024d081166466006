import "server-only";
import type { NextAuthConfig } from "next-auth";
import { env } from "../env";
import { safeCallbackPath } from "./safe-redirect";
import { isWithinLifetime, SESSION_MAX_AGE_SECONDS } from "./session-lifetime";
import { createHubSpotProvider, getSignInClient, type HubSpotProfile } from "./hubspot-provider";

declare module "next-auth" {
  interface Session {
    user: { name?: string | null; email?: string | null; image?: string | null; hubId?: string };
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    hubId?: string;
    hubUserId?: string;
    /** Milliseconds since epoch of the sign-in; the session ends SESSION_MAX_AGE_SECONDS after it. */
    signedInAt?: number;
  }
}

export { SESSION_MAX_AGE_SECONDS };

/**
 * The part of the Auth.js configuration that needs no database, used by the full configuration in
 * `index.ts` (the proxy only reads the session cookie: session-cookie.ts). Sessions are JWTs holding
 * the user's identity and portal id: HubSpot tokens never go into them.
 */
export function createBaseAuthConfig(): NextAuthConfig {
  const client = getSignInClient();
  return {
    providers: client ? [createHubSpotProvider(client)] : [],
    secret: env.AUTH_SECRET,
    // The app is reached by whatever host it is served under (localhost, a proxy); AUTH_URL pins it.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      // Auth.js's own check lets `/\host` through as a path; ours resolves it with the URL API.
      redirect: ({ url, baseUrl }) => new URL(safeCallbackPath(url, baseUrl), baseUrl).href,
      // Returning null ends the session (Auth.js clears the cookie): past its absolute lifetime it is not renewed.
      jwt({ token, profile }) {
        if (profile) {
          const p = profile as unknown as HubSpotProfile;
          token.hubId = String(p.hub_id);
          token.hubUserId = String(p.user_id);
          token.signedInAt = Date.now();
        }
        return isWithinLifetime(token) ? token : null;
      },
      session({ session, token }) {
        session.user = { ...session.user, hubId: token.hubId };
        return session;
      },
    },
  };
}
