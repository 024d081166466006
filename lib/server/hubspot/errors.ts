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
/** The OAuth connection is revoked (`invalid_grant`): a person must reconnect the portal. */
export class HubSpotReconnectRequiredError extends HubSpotError {}
export class HubSpotNotFoundError extends HubSpotError {}
/** 400 VALIDATION_ERROR and friends: the request itself is wrong; retrying cannot help. */
export class HubSpotValidationError extends HubSpotError {}
/** 409 CONFLICT, e.g. "Contact already exists. Existing ID: 123". */
export class HubSpotConflictError extends HubSpotError {
  get existingId(): string | undefined {
    return /Existing ID:\s*(\d+)/.exec(this.message)?.[1];
  }
}
/** 5xx, 423, 477, timeouts and connection errors: HubSpot could not answer now. */
export class HubSpotUnavailableError extends HubSpotError {}

const asString = (v: unknown) => (typeof v === "string" ? v : undefined);

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
  if (status === 401 || status === 403) return new HubSpotAuthError(init);
  if (status === 404) return new HubSpotNotFoundError(init);
  if (status === 409) return new HubSpotConflictError(init);
  if (status >= 500 || status === 423 || status === 477) {
    return new HubSpotUnavailableError({ ...init, isAmbiguous: status !== 503 && status !== 423 && status !== 477 });
  }
  return new HubSpotValidationError(init);
}
