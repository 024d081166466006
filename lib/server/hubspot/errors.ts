import "server-only";

/** What HubSpot sent back, or why nothing came back. Every field is optional on the wire. */
export interface HubSpotErrorInit {
  status: number;
  message: string;
  category?: string;
  subCategory?: string;
  correlationId?: string;
  policyName?: string;
  context?: Record<string, unknown>;
  errors?: unknown[];
  /** Milliseconds HubSpot asked us to wait (Retry-After or the rate-limit window). */
  retryAfterMs?: number;
  /** The request may have reached HubSpot and been applied (lost response, timeout). */
  isAmbiguous?: boolean;
}

/**
 * Base error for a failed HubSpot call. `status` 0 means no HTTP answer (network or timeout).
 * Keeps HubSpot's `correlationId` and `category`, which HubSpot support asks for.
 */
export class HubSpotError extends Error {
  readonly status: number;
  readonly category?: string;
  readonly subCategory?: string;
  readonly correlationId?: string;
  readonly policyName?: string;
  readonly context?: Record<string, unknown>;
  readonly errors?: unknown[];
  readonly retryAfterMs?: number;
  readonly isAmbiguous: boolean;

  constructor(init: HubSpotErrorInit) {
    super(init.message);
    this.name = new.target.name;
    this.status = init.status;
    this.category = init.category;
    this.subCategory = init.subCategory;
    this.correlationId = init.correlationId;
    this.policyName = init.policyName;
    this.context = init.context;
    this.errors = init.errors;
    this.retryAfterMs = init.retryAfterMs;
    this.isAmbiguous = init.isAmbiguous ?? false;
  }
}

/** 429. `isDaily` means the daily budget is spent: never retried before the portal's midnight. */
export class HubSpotRateLimitError extends HubSpotError {
  get isDaily() {
    return this.policyName === "DAILY";
  }
}
/** 401/403: expired or invalid token, or missing scopes. */
export class HubSpotAuthError extends HubSpotError {}
/**
 * 403 MISSING_SCOPES: the token lacks a scope the call needs. Never retried: a person must grant
 * the scope (reinstall the app, or edit the service key) before the call can succeed.
 */
export class HubSpotMissingScopesError extends HubSpotAuthError {
  /** The scopes HubSpot named (`errors[].context.requiredGranularScopes`, or `context.requiredScopes`). */
  get missingScopes(): string[] {
    const named = [...detailContexts(this), this.context ?? {}].flatMap((c) => [
      ...strings(c.requiredGranularScopes),
      ...strings(c.requiredScopes),
    ]);
    return [...new Set(named)];
  }
}
/** The OAuth connection is revoked (`invalid_grant`): a person must reconnect the portal. */
export class HubSpotReconnectRequiredError extends HubSpotError {}
export class HubSpotNotFoundError extends HubSpotError {}
/**
 * 400 VALIDATION_ERROR and friends: the request itself is wrong; retrying cannot help. From
 * 2026-09 this includes a portal's admin rules on writes (`MISSING_REQUIRED_PROPERTY`,
 * `MISSING_CONDITIONAL_REQUIRED_PROPERTY`), with the property in `context.propertyName`.
 */
export class HubSpotValidationError extends HubSpotError {
  /** Every property HubSpot named, in the body's or its `errors[]` details' `context.propertyName`. */
  get propertyNames(): string[] {
    return [...new Set([this.context ?? {}, ...detailContexts(this)].flatMap((c) => strings(c.propertyName)))];
  }
  /** The first property named, if any: the field a caller is told about. */
  get propertyName(): string | undefined {
    return this.propertyNames[0];
  }
  /** A required-property rule of the portal refused the write (2026-09 write validation). */
  get isMissingRequiredProperty(): boolean {
    return (this.errors ?? []).some((d) => REQUIRED_CODES.has(String((d as { code?: unknown })?.code)));
  }
}

const REQUIRED_CODES = new Set(["MISSING_REQUIRED_PROPERTY", "MISSING_CONDITIONAL_REQUIRED_PROPERTY"]);
/** 409 CONFLICT, e.g. "Contact already exists. Existing ID: 123". */
export class HubSpotConflictError extends HubSpotError {
  get existingId(): string | undefined {
    return /Existing ID:\s*(\d+)/.exec(this.message)?.[1];
  }
}
/** 5xx, 423, 477, timeouts and connection errors: HubSpot could not answer now. */
export class HubSpotUnavailableError extends HubSpotError {}

const asString = (v: unknown) => (typeof v === "string" ? v : undefined);

/** A context value is a string list on the wire; a bare string is accepted too. */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function detailContexts(err: HubSpotError): Record<string, unknown>[] {
  return (err.errors ?? [])
    .map((d) => (d && typeof d === "object" ? (d as { context?: unknown }).context : undefined))
    .filter((c): c is Record<string, unknown> => !!c && typeof c === "object");
}

/** Parse `Retry-After` (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The one factory from a wire error to a typed error. */
export function hubSpotErrorFromResponse(status: number, body: unknown, headers: Headers): HubSpotError {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const init: HubSpotErrorInit = {
    status,
    message: asString(b.message) ?? asString(b.error_description) ?? `HubSpot answered HTTP ${status}`,
    category: asString(b.category) ?? asString(b.errorType) ?? asString(b.error),
    subCategory: asString(b.subCategory),
    correlationId: asString(b.correlationId) ?? headers.get("x-hubspot-correlation-id") ?? undefined,
    policyName: asString(b.policyName),
    context: b.context && typeof b.context === "object" ? (b.context as Record<string, unknown>) : undefined,
    errors: Array.isArray(b.errors) ? b.errors : undefined,
    retryAfterMs: parseRetryAfter(headers.get("retry-after")),
  };
  if (status === 429) return new HubSpotRateLimitError(init);
  if (status === 400 && (b.error === "invalid_grant" || b.status === "BAD_REFRESH_TOKEN")) {
    return new HubSpotReconnectRequiredError(init);
  }
  if (status === 403 && init.category === "MISSING_SCOPES") return new HubSpotMissingScopesError(init);
  if (status === 401 || status === 403) return new HubSpotAuthError(init);
  if (status === 404) return new HubSpotNotFoundError(init);
  if (status === 409) return new HubSpotConflictError(init);
  if (status >= 500 || status === 423 || status === 477) {
    return new HubSpotUnavailableError({ ...init, isAmbiguous: status !== 503 && status !== 423 && status !== 477 });
  }
  return new HubSpotValidationError(init);
}
