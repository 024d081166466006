import "server-only";
import type { FieldIssue } from "@/lib/schemas/error";
import { AppError } from "../../errors";
import {
  HubSpotAuthError,
  HubSpotError,
  HubSpotRateLimitError,
  HubSpotReconnectRequiredError,
  HubSpotUnavailableError,
  HubSpotValidationError,
} from "../../hubspot/errors";

/**
 * Where a failed attempt leads (docs/registration-states.md):
 * - `retry`: may pass by itself (429, 5xx, timeouts, network, our own database): pending, backoff, capped;
 * - `reconnect`: the portal's connection is revoked: pending until staff reconnect it (not capped);
 * - `wait`: HubSpot's daily allowance is spent (or down to our reserve): pending until the day
 *   rolls over, not capped (no attempt reached HubSpot, or it was refused before any work);
 * - `refused`: HubSpot or our checks refused the input: partial (something was created) or failed;
 * - `attention`: nothing will change by itself (401 after a refresh, 403, an unexpected answer): needs attention.
 */
/** Why a registration needs attention: `auth` ones resume by themselves after a reconnect. */
export type AttentionCause = "auth" | "retry_cap" | "unexpected" | "refused";

export type ErrorClass =
  | { kind: "retry" | "reconnect"; reason: string }
  | { kind: "wait"; reason: string; retryAfterMs?: number }
  | { kind: "attention"; reason: string; cause: AttentionCause }
  | { kind: "refused"; reason: string; issues: FieldIssue[] };

/** HubSpot's write-validation codes that name the property at fault in `context.propertyName`. */
const PROPERTY_CODES = new Set(["MISSING_REQUIRED_PROPERTY", "MISSING_CONDITIONAL_REQUIRED_PROPERTY"]);

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const asText = (v: unknown) => (typeof v === "string" ? v : undefined);

type ErrorLike = { category?: string; context?: Record<string, unknown>; errors?: unknown[] };

/**
 * The property HubSpot names (`context.propertyName`, a string or a list) and the code of the rule
 * (`errors[].code`, e.g. MISSING_REQUIRED_PROPERTY), on the error itself or its nested errors.
 */
export function refusalDetail(e: ErrorLike): { propertyName?: string; code?: string } {
  let propertyName = asText(first(e.context?.propertyName));
  let code = e.category && PROPERTY_CODES.has(e.category) ? e.category : undefined;
  for (const inner of (e.errors ?? []) as { code?: unknown; context?: Record<string, unknown> }[]) {
    propertyName ??= asText(first(inner?.context?.propertyName));
    const innerCode = asText(inner?.code);
    if (innerCode && PROPERTY_CODES.has(innerCode)) code ??= innerCode;
  }
  return { propertyName, code };
}

/** `<message> (property <name>: <code>)`: HubSpot's message, naming the property when HubSpot does. */
export function namingProperty(message: string, e: ErrorLike): string {
  const { propertyName, code } = refusalDetail(e);
  return propertyName ? `${message} (property ${propertyName}${code ? `: ${code}` : ""})` : message;
}

/** `HubSpot refused it: …`, as field errors and reasons say it. */
export const describeRefusal = (message: string, e: ErrorLike = {}) => `HubSpot refused it: ${namingProperty(message, e)}`;

const status = (e: HubSpotError) => `${e.status}${e.category ? ` ${e.category}` : ""}`;

/** The one place that decides what an error means for a registration. */
export function classifySyncError(e: unknown): ErrorClass {
  if (e instanceof AppError && e.code === "VALIDATION_ERROR") {
    const issues = e.extra.details ?? [];
    return { kind: "refused", issues, reason: issues.map((d) => `${d.field}: ${d.message}`).join("; ") || e.message };
  }
  if (e instanceof HubSpotReconnectRequiredError) return { kind: "reconnect", reason: `waiting for the portal to be reconnected: ${e.message}` };
  if (e instanceof HubSpotRateLimitError) {
    if (e.isDaily) return { kind: "wait", reason: `HubSpot's daily limit is spent (429 DAILY): ${e.message}`, retryAfterMs: e.retryAfterMs };
    return { kind: "retry", reason: e.message };
  }
  if (e instanceof HubSpotUnavailableError || (e instanceof HubSpotError && e.status === 0)) return { kind: "retry", reason: e.message };
  if (e instanceof HubSpotAuthError) {
    const why = e.status === 401 ? "HubSpot refused the token even after a refresh" : "HubSpot refused the call (missing scopes or permissions)";
    return { kind: "attention", cause: "auth", reason: `${why} (${status(e)}): ${e.message}` };
  }
  if (e instanceof HubSpotValidationError) {
    const message = describeRefusal(e.message, e);
    return { kind: "refused", reason: message, issues: [{ field: "(body)", message }] };
  }
  if (e instanceof HubSpotError) {
    return { kind: "attention", cause: "unexpected", reason: `HubSpot answered something unexpected (${status(e)}): ${e.message}` };
  }
  if (e instanceof AppError) return { kind: "attention", cause: "unexpected", reason: e.message };
  // Anything else is ours (a dropped database connection, a bug): worth another attempt, capped.
  return { kind: "retry", reason: e instanceof Error ? e.message : String(e) };
}
