/** What a sandbox is started with (`startSandbox`, `npm run sandbox`), and the config built from it. */
import { flatLatency, resolveLatency, type LatencyInput } from "./latency";
import { ALL_SCOPES } from "./scopes";
import type { SandboxConfig } from "./state";
import { DEFAULT_WEBHOOK_CONFIG, type WebhookConfig } from "./webhooks";

export interface SandboxOptions {
  /** 0 = random free port. Default 0. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** The sandbox app's OAuth client id. Default "sandbox-client-id". */
  clientId?: string;
  /** Default "sandbox-client-secret". */
  clientSecret?: string;
  /** A static private-app token that never expires. Default "pat-sandbox-token". */
  privateAppToken?: string;
  /** Scopes of the private-app token. Default: every scope the sandbox knows. */
  privateAppScopes?: string[];
  /** The portal's hub_id. Default 12345678. */
  portalId?: number;
  /** Access token `expires_in`. Default 1800. */
  tokenTtlSeconds?: number;
  /** When true each refresh returns a new refresh token and invalidates the old one. Default false. */
  rotateRefreshTokens?: boolean;
  /** Rolling window per portal. Default {max: 100, intervalMs: 10000}; max 0 = unlimited. */
  rateLimit?: { max: number; intervalMs: number };
  /** Required (`x-sandbox-control-token`) on the control API when `host` is not loopback; without it the control API is closed there. */
  controlToken?: string;
  /** Calls per UTC day; 0 (default) = unlimited. Exceeding answers 429 policyName DAILY. */
  dailyLimit?: number;
  /** How long every /crm call and token request takes: a profile and/or knobs (latency.ts). Default none. */
  latency?: LatencyInput;
  /** The same delay for every call (the older, flat form of `latency`); ignored when `latency` is given. */
  latencyMs?: number;
  /** CRM search calls per second. Default 5. */
  searchPerSecond?: number;
  /** How long a write takes to show in search results (search-index.ts). Default 0. */
  searchIndexLagMs?: number;
  /** Webhooks to the app (webhooks.ts): `targetUrl` at least. Default: none sent. */
  webhooks?: Partial<WebhookConfig>;
  /** A merge creates a new record id (HubSpot's `newObjectId`); default: the primary survives. */
  mergeCreatesNewId?: boolean;
}

export function buildConfig(opts: SandboxOptions): SandboxConfig {
  return {
    clientId: opts.clientId ?? "sandbox-client-id",
    clientSecret: opts.clientSecret ?? "sandbox-client-secret",
    privateAppToken: opts.privateAppToken ?? "pat-sandbox-token",
    privateAppScopes: opts.privateAppScopes ?? [...ALL_SCOPES],
    portalId: opts.portalId ?? 12345678,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 1800,
    rotateRefreshTokens: opts.rotateRefreshTokens ?? false,
    rateLimit: opts.rateLimit ?? { max: 100, intervalMs: 10_000 },
    dailyLimit: opts.dailyLimit ?? 0,
    latency: opts.latency ? resolveLatency(opts.latency) : flatLatency(opts.latencyMs ?? 0),
    searchPerSecond: opts.searchPerSecond ?? 5,
    searchIndexLagMs: opts.searchIndexLagMs ?? 0,
    webhooks: { ...DEFAULT_WEBHOOK_CONFIG, ...opts.webhooks },
    mergeCreatesNewId: opts.mergeCreatesNewId ?? false,
  };
}

