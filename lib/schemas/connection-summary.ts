/** What the dashboard's header says about the HubSpot connection (lib/server/services/connection-summary.ts); never a token. */
export interface ConnectionSummary {
  mode: "sandbox" | "private_app" | "oauth";
  /** e.g. "Sandbox portal 12345678", "Live portal 4455667". */
  target: string;
  /** e.g. "connected", "needs reconnect". */
  state: string;
  tone: "ok" | "warn" | "bad";
  portalId: string | null;
  /** A sign-in would (re)connect the portal. */
  canReconnect: boolean;
  /** Scopes the app needs that the portal did not grant (read at connect, or named by a 403). */
  missingScopes: string[];
}
