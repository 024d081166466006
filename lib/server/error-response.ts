import "server-only";
import type { ErrorResponse } from "@/lib/schemas/error";
import { AppError } from "./errors";
import {
  HubSpotError,
  HubSpotRateLimitError,
  HubSpotReconnectRequiredError,
  HubSpotUnavailableError,
} from "./hubspot/errors";

/** Map anything thrown to an AppError: HubSpot failures to 429/502/503, the unknown to 500. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof HubSpotRateLimitError) {
    return new AppError(
      "RATE_LIMITED",
      e.isDaily ? "HubSpot's daily API limit is spent; try again tomorrow." : "HubSpot's rate limit is reached; try again shortly.",
      { retryAfterSeconds: Math.max(1, Math.ceil((e.retryAfterMs ?? 10_000) / 1000)), correlationId: e.correlationId, cause: e },
    );
  }
  if (e instanceof HubSpotReconnectRequiredError) {
    return new AppError("HUBSPOT_NOT_CONNECTED", "The HubSpot connection needs to be reconnected by staff.", { cause: e });
  }
  if (e instanceof HubSpotUnavailableError) {
    return new AppError("HUBSPOT_UNAVAILABLE", "HubSpot is unavailable right now; try again shortly.", {
      retryAfterSeconds: 5,
      correlationId: e.correlationId,
      cause: e,
    });
  }
  if (e instanceof HubSpotError) {
    return new AppError("HUBSPOT_ERROR", `HubSpot refused the request: ${e.message}`, { correlationId: e.correlationId, cause: e });
  }
  return new AppError("INTERNAL_ERROR", "Something went wrong on our side; it has been logged.", { cause: e });
}

export function errorResponse(err: AppError, requestId?: string): Response {
  const body: ErrorResponse = {
    success: false,
    error: {
      code: err.code,
      message: err.message,
      ...(err.extra.details ? { details: err.extra.details } : {}),
      ...(err.extra.correlationId ? { correlation_id: err.extra.correlationId } : {}),
      ...(requestId ? { request_id: requestId } : {}),
    },
  };
  const headers: Record<string, string> = {};
  if (err.extra.retryAfterSeconds) headers["retry-after"] = String(err.extra.retryAfterSeconds);
  return Response.json(body, { status: err.status, headers });
}
