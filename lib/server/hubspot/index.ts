import "server-only";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_OAUTH_CLIENT } from "@/lib/runtime/env-schema";
import { db } from "../db";
import { env } from "../env";
import { logger } from "../logger";
import { recordHubSpotCall } from "../ops/call-recorder";
import { HubSpotClient, type RequestGate } from "./client";
import { DailyBudget } from "./daily-budget";
import { HubSpotMissingScopesError } from "./errors";
import { MirrorGate } from "./mirror-gate";
import { hubSpotPaths } from "./paths";
import { recordMissingScopes } from "./scopes";
import { PostgresRateLimiter } from "./rate-limiter";
import { noteAnswer } from "./recent-answers";
import { OAuthTokenProvider, StaticTokenProvider, type TokenProvider } from "./token-provider";

function createTokenProvider(): TokenProvider {
  switch (env.hubspotMode) {
    case "private_app":
      return new StaticTokenProvider(env.HUBSPOT_ACCESS_TOKEN!);
    case "sandbox":
      if (env.HUBSPOT_API_BASE_URL === "https://api.hubapi.com") {
        throw new Error("Sandbox mode (no HubSpot credentials) needs HUBSPOT_API_BASE_URL pointing at the sandbox: start with `npm start`.");
      }
      // Staff who sign in through the sandbox's OAuth pages connect it like a real portal.
      return oauthProvider(SANDBOX_OAUTH_CLIENT, new StaticTokenProvider(SANDBOX_ACCESS_TOKEN));
    case "oauth":
      return oauthProvider({ id: env.HUBSPOT_CLIENT_ID!, secret: env.HUBSPOT_CLIENT_SECRET! });
  }
}

function oauthProvider(app: { id: string; secret: string }, fallback?: TokenProvider) {
  return new OAuthTokenProvider({
    db,
    log: logger,
    baseUrl: env.HUBSPOT_API_BASE_URL,
    tokenPath: hubSpotPaths(env.HUBSPOT_API_VERSION).oauthToken(),
    introspectPath: hubSpotPaths(env.HUBSPOT_API_VERSION).oauthIntrospect(),
    clientId: app.id,
    clientSecret: app.secret,
    timeoutMs: env.HUBSPOT_TIMEOUT_MS,
    marginSeconds: env.HUBSPOT_TOKEN_REFRESH_MARGIN_SECONDS,
    bootstrapRefreshToken: env.HUBSPOT_REFRESH_TOKEN,
    fallback,
  });
}

let tokens: TokenProvider | undefined;
let limiter: PostgresRateLimiter | undefined;
let client: HubSpotClient | undefined;
let mirrorClient: HubSpotClient | undefined;

/** The deployment's one rate window (docs/sending.md), shared by every client of the process. */
function rateLimiter(): PostgresRateLimiter {
  limiter ??= new PostgresRateLimiter({
    db,
    max: env.HUBSPOT_RATE_LIMIT_MAX,
    intervalMs: env.HUBSPOT_RATE_LIMIT_INTERVAL_MS,
    reserveShare: env.HUBSPOT_RATE_LIMIT_RESERVE,
    daily: new DailyBudget({ reserveShare: env.HUBSPOT_DAILY_RESERVE, probeIntervalMs: env.HUBSPOT_DAILY_PROBE_SECONDS * 1000 }),
  });
  return limiter;
}

function buildClient(gate: RequestGate, component: string): HubSpotClient {
  tokens ??= createTokenProvider();
  return new HubSpotClient({
    baseUrl: env.HUBSPOT_API_BASE_URL,
    apiVersion: env.HUBSPOT_API_VERSION,
    tokens,
    retry: { maxRetries: env.HUBSPOT_MAX_RETRIES, baseMs: env.HUBSPOT_RETRY_BASE_MS, maxMs: env.HUBSPOT_RETRY_MAX_MS },
    timeoutMs: env.HUBSPOT_TIMEOUT_MS,
    log: logger.child({ component }),
    onCall: (call) => {
      recordHubSpotCall(call);
      noteAnswer(call.status);
    },
    onError: (e) => {
      if (e instanceof HubSpotMissingScopesError) void recordMissingScopes(e.missingScopes).catch(() => undefined);
    },
    gate,
  });
}

/** The process's HubSpot client, built from the validated configuration on first use. */
export function getHubSpot(): HubSpotClient {
  client ??= buildClient(rateLimiter(), "hubspot");
  return client;
}

/**
 * The mirror's client (lib/server/mirror): the same token and window, but its calls take the
 * mirror's lane (at most MIRROR_BUDGET_SHARE of the window, after registrations) and search its own
 * per-second slots.
 */
export function getMirrorHubSpot(): HubSpotClient {
  mirrorClient ??= buildClient(
    new MirrorGate({ db, limiter: rateLimiter(), share: env.MIRROR_BUDGET_SHARE, searchPerSecond: env.MIRROR_SEARCH_PER_SECOND }),
    "hubspot-mirror",
  );
  return mirrorClient;
}
