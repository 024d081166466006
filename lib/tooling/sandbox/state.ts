/*
 * The sandbox's whole world lives in this in-memory store: objects, associations, custom
 * properties, tokens, faults and counters. Nothing is persisted; stopping the process loses it.
 */
import type { LatencySetting } from "./latency";
import { OBJECT_TYPES, TYPE_INFO, type ObjectType } from "./object-types";
import type { PropertyDefinition } from "./properties";
import type { SearchVersion } from "./search-index";
import { createWebhookRuntime, stopWebhooks, type WebhookConfig, type WebhookRuntime } from "./webhooks";
import { emptyPortalRules, type PortalRules } from "./write-rules";

export interface SandboxConfig {
  clientId: string;
  clientSecret: string;
  privateAppToken: string;
  /** Scopes of the private-app token (all by default). */
  privateAppScopes: string[];
  portalId: number;
  tokenTtlSeconds: number;
  rotateRefreshTokens: boolean;
  rateLimit: { max: number; intervalMs: number };
  dailyLimit: number;
  /** How long each `/crm` call and token request takes (latency.ts). */
  latency: LatencySetting;
  searchPerSecond: number;
  /** How long a write takes to reach search results (search-index.ts); 0 = at once. */
  searchIndexLagMs: number;
  /** Where and how webhooks are sent (webhooks.ts); `targetUrl` null = none. */
  webhooks: WebhookConfig;
  /** `true`: a merge creates a new record id for the result (HubSpot's `newObjectId`); else the primary survives. */
  mergeCreatesNewId: boolean;
}

export interface CrmObject {
  id: string;
  type: ObjectType;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** Merged into this record: reads by this id answer with it, as HubSpot does. */
  mergedInto?: string;
  /** Versions search shows once the index lag has passed (search-index.ts). */
  searchVersions?: SearchVersion[];
}

export interface AccessTokenRecord {
  token: string;
  expiresAt: number;
  scopes: string[];
  userId: number;
  refreshToken: string;
}

export interface RefreshTokenRecord {
  token: string;
  scopes: string[];
  userId: number;
}

export interface AuthCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  expiresAt: number;
}

export type RateLimitPolicy = "TEN_SECONDLY_ROLLING" | "SECONDLY" | "DAILY";

export interface FaultRule {
  id: string;
  status?: number;
  policyName?: RateLimitPolicy;
  /** Calls left to hit; undefined means "until cleared". */
  remaining?: number;
  rate?: number;
  match?: string;
  delayMs?: number;
  drop?: boolean;
  outageUntil?: number;
  afterResponse?: boolean;
  retryAfterSeconds?: number;
  /** Batch writes refuse every input with this message (HubSpot's per-input VALIDATION_ERROR); nothing is written. */
  refuseInputs?: string;
  /** The call is applied but its 2xx answer lists no results (an answer without the expected objects). */
  omitResults?: boolean;
}

export interface SandboxStats {
  calls: number;
  /** Keyed by the legacy path, whichever version the call named. */
  byRoute: Record<string, number>;
  /** CRM calls per API version the path named (`legacy`, `2026-03`, `2026-09`). */
  byVersion: Record<string, number>;
  status: Record<string, number>;
  tokenRequests: Record<string, number>;
  rateLimited: number;
  dropped: number;
  /** Calls being answered now, and the most at once, by route (`POST /crm/v3/objects/contacts/batch/upsert`). */
  inFlight: Record<string, number>;
  maxInFlight: Record<string, number>;
}

/** `"contacts/1001"` → (`"deals/2000001"` → association type ids). Stored in both directions. */
export type AssociationStore = Map<string, Map<string, Set<number>>>;

export interface SandboxState {
  config: SandboxConfig;
  objects: Record<ObjectType, Map<string, CrmObject>>;
  nextId: Record<ObjectType, number>;
  associations: AssociationStore;
  /** `"<type>\0<property>"` → normalized value → object (unique-index.ts). */
  uniqueIndexes: Map<string, Map<string, CrmObject>>;
  customProperties: Record<ObjectType, Map<string, PropertyDefinition>>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  authCodes: Map<string, AuthCodeRecord>;
  faults: FaultRule[];
  /** The portal admin's write rules and property validations (`POST /__sandbox/rules`). */
  rules: PortalRules;
  stats: SandboxStats;
  /** Timestamps (ms) of admitted calls for the rolling windows, and today's count (UTC day). */
  windows: { burst: number[]; search: number[]; daily: { day: string; count: number } };
  /** Webhook events queued, in flight and counted. */
  webhooks: WebhookRuntime;
  /** `changeSource` of the events the current change emits: "API" (CRM calls) or "CRM_UI" (the control API, as staff). */
  changeSource: string;
}

const perType = <T>(make: (type: ObjectType) => T) =>
  Object.fromEntries(OBJECT_TYPES.map((type) => [type, make(type)])) as Record<ObjectType, T>;

export function emptyStats(): SandboxStats {
  return {
    calls: 0,
    byRoute: {},
    byVersion: {},
    status: {},
    tokenRequests: { authorization_code: 0, refresh_token: 0 },
    rateLimited: 0,
    dropped: 0,
    inFlight: {},
    maxInFlight: {},
  };
}

export function createState(config: SandboxConfig): SandboxState {
  return {
    config,
    objects: perType(() => new Map()),
    nextId: perType((type) => TYPE_INFO[type].firstId),
    associations: new Map(),
    uniqueIndexes: new Map(),
    customProperties: perType(() => new Map()),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    authCodes: new Map(),
    faults: [],
    rules: emptyPortalRules(),
    stats: emptyStats(),
    windows: { burst: [], search: [], daily: { day: "", count: 0 } },
    webhooks: createWebhookRuntime(),
    changeSource: "API",
  };
}

/**
 * Back to a fresh portal; the config (and so the private-app token) is kept, and with
 * `keepProperties` the custom property definitions too (an app that created its properties once
 * keeps working: the benchmark resets between its cells).
 */
export function resetState(state: SandboxState, opts: { keepProperties?: boolean } = {}): void {
  const { customProperties } = state;
  stopWebhooks(state.webhooks);
  Object.assign(state, createState(state.config));
  if (opts.keepProperties) state.customProperties = customProperties;
}
