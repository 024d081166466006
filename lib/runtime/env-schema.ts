import { z } from "zod";
import { DEFAULT_HUBSPOT_API_VERSION, HUBSPOT_API_VERSIONS } from "./hubspot-api-version";
import { webhookEnvProblems, webhookEnvShape } from "./webhook-env";

/**
 * Every environment variable the app reads, declared once. `.env.example` lists the same keys.
 * Kept outside `lib/server/` (no `server-only` guard) so the launcher and CLI can validate the
 * same variables before anything starts.
 */
const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(def));
/** A share between 0 and 1 (0.1 = 10 %). */
const share = (def: number, max = 0.9) => z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(max).default(def));

export const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "production", "test"]).default("development")),
  PORT: int(5001, 1, 65535),
  /** Server processes `npm start` runs on PORT (node:cluster); the Docker image runs one per container. */
  WEB_CONCURRENCY: int(1, 1, 64),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" }).optional(),
  ),
  HUBSPOT_API_BASE_URL: z.preprocess(emptyAsUndefined, z.url().default("https://api.hubapi.com")),
  /** The one HubSpot API version every call uses: `2026-09`, `2026-03` or `legacy` (v3/v4 paths). */
  HUBSPOT_API_VERSION: z.preprocess(emptyAsUndefined, z.enum(HUBSPOT_API_VERSIONS).default(DEFAULT_HUBSPOT_API_VERSION)),
  HUBSPOT_CLIENT_ID: optionalString,
  HUBSPOT_CLIENT_SECRET: optionalString,
  HUBSPOT_REFRESH_TOKEN: optionalString,
  HUBSPOT_ACCESS_TOKEN: optionalString,
  HUBSPOT_TOKEN_REFRESH_MARGIN_SECONDS: int(60, 0, 1700),
  HUBSPOT_MAX_RETRIES: int(4, 0, 10),
  HUBSPOT_RETRY_BASE_MS: int(300, 1, 60_000),
  HUBSPOT_RETRY_MAX_MS: int(10_000, 1, 300_000),
  HUBSPOT_TIMEOUT_MS: int(15_000, 100, 120_000),
  /** Cap on batch calls of one kind in flight at once per process; the rate budget decides how many go. */
  HUBSPOT_BATCH_CONCURRENCY: int(16, 1, 64),
  /** HubSpot's burst budget assumed until its X-HubSpot-RateLimit-* headers tell the portal's own. */
  HUBSPOT_RATE_LIMIT_MAX: int(100, 1, 10_000),
  HUBSPOT_RATE_LIMIT_INTERVAL_MS: int(10_000, 100, 600_000),
  /** Share of the burst budget left to other integrations on the same portal and app. */
  HUBSPOT_RATE_LIMIT_RESERVE: share(0),
  /** Share of the daily allowance (shared by every app of the portal) this app never spends. */
  HUBSPOT_DAILY_RESERVE: share(0.05),
  /** While the daily allowance is spent down to the reserve, one call this often checks whether the day rolled over. */
  HUBSPOT_DAILY_PROBE_SECONDS: int(300, 1, 86_400),
  /** How long POST /api/crm/register waits for HubSpot before answering 202 and syncing in the background. */
  REGISTER_DEADLINE_MS: int(8_000, 0, 120_000),
  /** How long a request or worker holds a registration it is syncing; a live holder renews it every third of it, a crashed holder's lease runs out. */
  SYNC_LEASE_SECONDS: int(60, 2, 3600),
  /** How often the worker looks for pending registrations that have no job (e.g. after a crash). */
  SYNC_SWEEP_INTERVAL_MS: int(10_000, 200, 600_000),
  /** Registrations the worker syncs at once. */
  WORKER_CONCURRENCY: int(20, 1, 500),
  /** Sync attempts one server process holds in memory; past it a registration is stored, answered 202 at once and left to the worker. */
  SYNC_INFLIGHT_MAX_ATTEMPTS: int(2_000, 1, 100_000),
  /** Payload (JSON characters, about bytes) of those attempts together; past it, the same. */
  SYNC_INFLIGHT_MAX_BYTES: int(16 * 1024 * 1024, 1024, 2 ** 31 - 1),
  /** Request bodies (bytes, by Content-Length) one server process reads and works on at once; past it a request waits, unread, for room. */
  HTTP_INFLIGHT_MAX_BODY_BYTES: int(32 * 1024 * 1024, 1024 * 1024, 2 ** 31 - 1),
  /** V8's old-space limit of the web process (MB): V8 then collects as the heap nears it instead of growing RSS under a high allocation rate. */
  WEB_MAX_OLD_SPACE_MB: int(384, 96, 65_536),
  /** V8's semi-space of the web process (MB): a larger young generation collects the registrations in flight less often. */
  WEB_MAX_SEMI_SPACE_MB: int(32, 1, 1_024),
  /** Import rows the worker syncs at once (each process); enough to fill every rate slot's batch, bounded for memory. */
  IMPORT_MAX_IN_FLIGHT: int(1_000, 1, 20_000),
  /** Longest wait between two background attempts. */
  SYNC_MAX_BACKOFF_SECONDS: int(300, 1, 86_400),
  /** Attempts a registration gets for errors that may pass (429, 5xx, network); then it needs attention. */
  SYNC_MAX_ATTEMPTS: int(12, 1, 1000),
  /** Days a finished registration keeps its payload (personal data) and Idempotency-Key before they are purged. */
  RETENTION_DAYS: int(30, 1, 3650),
  /** Encrypts stored OAuth tokens (AES-256-GCM); any string of 32+ characters. Defaults to one derived from AUTH_SECRET. */
  TOKEN_ENCRYPTION_KEY: z.preprocess(emptyAsUndefined, z.string().min(32, { error: "must be at least 32 characters" }).optional()),
  /** Earlier TOKEN_ENCRYPTION_KEY (or AUTH_SECRET) values, comma-separated: stored tokens sealed under them stay readable. */
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((v) => v.split(",").map((k) => k.trim()).filter(Boolean))
      .pipe(z.array(z.string().min(32, { error: "each key must be at least 32 characters" })))
      .default([]),
  ),
  /** Auth.js secret for staff sessions; `npm start` generates one under .data/ when missing. */
  AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, { error: "must be at least 32 characters" }).optional()),
  /** Public URL of the app (redirects, Auth.js callback URLs). Required in production unless AUTH_TRUST_PROXY=1. */
  AUTH_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** 1: a proxy of ours sets X-Forwarded-Host/Proto, and they name the public origin. Otherwise they are ignored. */
  AUTH_TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
  /** Browser-facing HubSpot authorize page; default app.hubspot.com, or the sandbox's page in sandbox mode. */
  HUBSPOT_AUTHORIZE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Only staff of this HubSpot portal may sign in (private-app mode: pins the portal before the first sign-in). */
  HUBSPOT_PORTAL_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+$/, { error: "must be a HubSpot portal id (digits)" }).optional()),
  /** API keys provisioned for automated deployments, comma-separated, 16+ characters each. */
  API_KEYS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((v) => v.split(",").map((k) => k.trim()).filter(Boolean))
      .pipe(z.array(z.string().min(16, { error: "each key must be at least 16 characters" })))
      .default([]),
  ),
  /** Bearer token that may read GET /api/metrics (Prometheus); none: only API keys with the metrics scope. 16+ characters. */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, { error: "must be at least 16 characters" }).optional()),
  /** Slack-compatible incoming-webhook URL: each alert is posted when it starts and when it clears. */
  ALERT_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
  /** Alert when the oldest pending registration is older than this. */
  ALERT_PENDING_MAX_AGE_MINUTES: int(15, 1, 10_080),
  /** Alert when at least this many registrations need attention (or are partial). */
  ALERT_NEEDS_ATTENTION_MIN: int(1, 1, 1_000_000),
  /** Alert when HubSpot error answers exceed this share of calls in the window (HubSpot's error budget is 5 %). */
  ALERT_ERROR_RATE: share(0.05, 1),
  ALERT_ERROR_WINDOW_MINUTES: int(15, 1, 1440),
  /** Calls the window needs before the error rate counts (a single failed call is not 100 %). */
  ALERT_ERROR_MIN_CALLS: int(20, 1, 1_000_000),
  /** Alert when the daily allowance HubSpot reports has less than this share left. */
  ALERT_DAILY_REMAINING_SHARE: share(0.1, 1),
  /** How often the worker evaluates the alerts. */
  ALERT_EVALUATE_INTERVAL_MS: int(15_000, 200, 600_000),
  /** Alert when an enabled webhook endpoint has left an event undelivered this long. */
  ALERT_WEBHOOK_FAILING_MINUTES: int(60, 1, 10_080),
  ...webhookEnvShape,
  /** The worker's local mirror of HubSpot's contacts, deals and tickets (webhooks applied, catch-up); 0 turns both off. */
  MIRROR_ENABLED: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("1")),
  /** Share of the deployment's rate budget the mirror may spend per window (registrations keep the rest and go first). */
  MIRROR_BUDGET_SHARE: share(0.1, 0.5),
  /** CRM search calls per second the mirror's catch-up makes at most (HubSpot allows 5 per account). */
  MIRROR_SEARCH_PER_SECOND: int(4, 1, 100),
  /** How often the catch-up reads what changed by last-modified time; 0: only at start and on connect. */
  MIRROR_CATCHUP_INTERVAL_SECONDS: int(300, 0, 86_400),
  /** How often every mirrored id is checked against HubSpot (finds deletions and merges webhooks missed); 0: never. */
  MIRROR_SWEEP_INTERVAL_SECONDS: int(86_400, 0, 2_592_000),
  /** The catch-up stops this far behind now: HubSpot's search index lags writes. */
  MIRROR_SEARCH_LAG_MS: int(60_000, 0, 3_600_000),
  /** How often the worker applies stored webhook events. */
  MIRROR_APPLY_INTERVAL_MS: int(1_000, 50, 60_000),
  /** Set by the launcher when it started the built-in sandbox; never set it by hand in production. */
  HUBSPOT_SANDBOX: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
});

type Parsed = z.infer<typeof envSchema>;
export type HubSpotMode = "sandbox" | "private_app" | "oauth";
export type AppEnv = Parsed & { hubspotMode: HubSpotMode };

/** The sandbox's private-app token: only ever sent to the sandbox. */
export const SANDBOX_ACCESS_TOKEN = "pat-sandbox-token";
/** The sandbox's OAuth app (its defaults); used for sign-in when no HubSpot app is configured. */
export const SANDBOX_OAUTH_CLIENT = { id: "sandbox-client-id", secret: "sandbox-client-secret" } as const;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Which credentials are present decides the mode; with any credentials there is no silent sandbox fallback. */
export function resolveHubSpotMode(e: Parsed): { mode: HubSpotMode; problems: string[] } {
  const problems: string[] = [];
  const oauthParts = [e.HUBSPOT_CLIENT_ID, e.HUBSPOT_CLIENT_SECRET].filter(Boolean).length;
  if (e.HUBSPOT_ACCESS_TOKEN) return { mode: "private_app", problems };
  if (oauthParts === 1) {
    problems.push(
      `${e.HUBSPOT_CLIENT_ID ? "HUBSPOT_CLIENT_SECRET" : "HUBSPOT_CLIENT_ID"}: required when ${
        e.HUBSPOT_CLIENT_ID ? "HUBSPOT_CLIENT_ID" : "HUBSPOT_CLIENT_SECRET"
      } is set`,
    );
  }
  if (oauthParts >= 1) return { mode: "oauth", problems };
  if (e.HUBSPOT_REFRESH_TOKEN) {
    problems.push("HUBSPOT_REFRESH_TOKEN: needs HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET");
    return { mode: "oauth", problems };
  }
  return { mode: "sandbox", problems };
}

/**
 * In production the public origin must come from the operator, never from a request's Host or
 * X-Forwarded-Host (anyone can send those). `next build` runs as production without it.
 */
function productionProblems(e: Parsed, source: Record<string, string | undefined>): string[] {
  if (e.NODE_ENV !== "production" || source.NEXT_PHASE === "phase-production-build") return [];
  if (e.AUTH_URL || e.AUTH_TRUST_PROXY === "1") return [];
  return ["AUTH_URL: required when NODE_ENV=production (the app's public URL), unless AUTH_TRUST_PROXY=1"];
}

/** Validate once; every bad or missing variable is named in one error. */
export function loadEnv(source: Record<string, string | undefined>): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const { mode, problems } = resolveHubSpotMode(parsed.data);
  problems.push(...productionProblems(parsed.data, source), ...webhookEnvProblems(parsed.data));
  if (problems.length) throw new EnvError(problems);
  return { ...parsed.data, hubspotMode: mode };
}

const optionalNumber = (min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().min(min).max(max).optional());

/** The sandbox's latency profiles by name (their numbers: lib/tooling/sandbox/latency.ts, which must define each). */
export const SANDBOX_LATENCY_PROFILE_NAMES = ["none", "fast", "typical", "slow"] as const;

/** The sandbox alone (`npm run sandbox`): its own variables, validated the same way. */
const sandboxEnvSchema = z.object({
  SANDBOX_PORT: int(5002, 0, 65535),
  SANDBOX_HOST: optionalString,
  /** Needed (x-sandbox-control-token) on the sandbox's control API when SANDBOX_HOST is not loopback. */
  SANDBOX_CONTROL_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, { error: "must be at least 16 characters" }).optional()),
  HUBSPOT_CLIENT_ID: optionalString,
  HUBSPOT_CLIENT_SECRET: optionalString,
  SANDBOX_TOKEN_TTL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().optional()),
  SANDBOX_LATENCY_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).optional()),
  /** Latency model (lib/tooling/sandbox/latency.ts, docs/sandbox-latency.md): a profile, then knobs that override it. */
  SANDBOX_LATENCY_PROFILE: z.preprocess(emptyAsUndefined, z.enum(SANDBOX_LATENCY_PROFILE_NAMES).optional()),
  SANDBOX_LATENCY_BASE_MS: optionalNumber(0, 600_000),
  SANDBOX_LATENCY_PER_INPUT_MS: optionalNumber(0, 60_000),
  SANDBOX_LATENCY_JITTER: optionalNumber(0, 1),
  SANDBOX_LATENCY_TAIL_PROBABILITY: optionalNumber(0, 1),
  SANDBOX_LATENCY_TAIL_MULTIPLIER: optionalNumber(1, 1_000),
  SANDBOX_LATENCY_MAX_MS: optionalNumber(0, 600_000),
  SANDBOX_ROTATE_REFRESH_TOKENS: z.preprocess(emptyAsUndefined, z.enum(["0", "1", "true", "false", "yes", "no"]).optional()),
  SANDBOX_RATE_LIMIT_MAX: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).optional()),
  SANDBOX_RATE_LIMIT_INTERVAL_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().optional()),
  /** Where the sandbox posts its signed webhooks (the app's /api/hubspot/webhooks); none when unset. */
  SANDBOX_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
  /** How long the sandbox's search index lags writes, in milliseconds (default 0). */
  SANDBOX_SEARCH_INDEX_LAG_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(600_000).optional()),
});
export type SandboxEnv = z.infer<typeof sandboxEnvSchema>;

export function loadSandboxEnv(source: Record<string, string | undefined>): SandboxEnv {
  const parsed = sandboxEnvSchema.safeParse(source);
  if (!parsed.success) throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  return parsed.data;
}
