import "server-only";
import type { ErrorCode, FieldIssue } from "@/lib/schemas/error";

/** HTTP status for each error code: the one table. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  HUBSPOT_ERROR: 502,
  HUBSPOT_UNAVAILABLE: 503,
  HUBSPOT_NOT_CONNECTED: 503,
  WEBHOOKS_NOT_CONFIGURED: 503,
  INTERNAL_ERROR: 500,
};

/** An error the API answers with as is. `message` is safe to show; internals go to the log only. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { details?: FieldIssue[]; retryAfterSeconds?: number; correlationId?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = "AppError";
  }
  get status() {
    return STATUS_BY_CODE[this.code];
  }
}

export const validationError = (details: FieldIssue[], message = "The request is not valid.") =>
  new AppError("VALIDATION_ERROR", message, { details });
