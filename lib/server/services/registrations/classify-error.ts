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
 * - `refused`: HubSpot or our checks refused the input: partial (something was created) or failed;
 * - `attention`: nothing will change by itself (401 after a refresh, 403, an unexpected answer): needs attention.
 */
/** Why a registration needs attention: `auth` ones resume by themselves after a reconnect. */
export type AttentionCause = "auth" | "retry_cap" | "unexpected";

export type ErrorClass =
  | { kind: "retry" | "reconnect"; reason: string }
  | { kind: "attention"; reason: string; cause: AttentionCause }
  | { kind: "refused"; reason: string; issues: FieldIssue[] };

/** HubSpot's write-validation codes that name the property at fault in `context.propertyName`. */
const PROPERTY_CODES = new Set(["MISSING_REQUIRED_PROPERTY", "MISSING_CONDITIONAL_REQUIRED_PROPERTY"]);

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The property HubSpot names (`context.propertyName`, a string or a list), on the error or its nested errors. */
export function propertyNameOf(e: { context?: Record<string, unknown>; errors?: unknown[] }): string | undefined {
  const own = first(e.context?.propertyName);
  if (typeof own === "string") return own;
  for (const inner of e.errors ?? []) {
    const name = first((inner as { context?: Record<string, unknown> })?.context?.propertyName);
    if (typeof name === "string") return name;
  }
  return undefined;
}

/** `HubSpot refused it: <message> (property <name>)`, naming the property when HubSpot does. */
export function describeRefusal(message: string, code?: string, propertyName?: string): string {
  const property = propertyName ? ` (property ${propertyName}${code && PROPERTY_CODES.has(code) ? `: ${code}` : ""})` : "";
  return `HubSpot refused it: ${message}${property}`;
}

const status = (e: HubSpotError) => `${e.status}${e.category ? ` ${e.category}` : ""}`;

/** The one place that decides what an error means for a registration. */
export function classifySyncError(e: unknown): ErrorClass {
  if (e instanceof AppError && e.code === "VALIDATION_ERROR") {
    const issues = e.extra.details ?? [];
    return { kind: "refused", issues, reason: issues.map((d) => `${d.field}: ${d.message}`).join("; ") || e.message };
  }
  if (e instanceof HubSpotReconnectRequiredError) return { kind: "reconnect", reason: `waiting for the portal to be reconnected: ${e.message}` };
  if (e instanceof HubSpotRateLimitError) {
    return { kind: "retry", reason: e.isDaily ? `HubSpot's daily limit is spent (429 DAILY): ${e.message}` : e.message };
  }
  if (e instanceof HubSpotUnavailableError || (e instanceof HubSpotError && e.status === 0)) return { kind: "retry", reason: e.message };
  if (e instanceof HubSpotAuthError) {
    const why = e.status === 401 ? "HubSpot refused the token even after a refresh" : "HubSpot refused the call (missing scopes or permissions)";
    return { kind: "attention", cause: "auth", reason: `${why} (${status(e)}): ${e.message}` };
  }
  if (e instanceof HubSpotValidationError) {
    const message = describeRefusal(e.message, e.category, propertyNameOf(e));
    return { kind: "refused", reason: message, issues: [{ field: "(body)", message }] };
  }
  if (e instanceof HubSpotError) {
    return { kind: "attention", cause: "unexpected", reason: `HubSpot answered something unexpected (${status(e)}): ${e.message}` };
  }
  if (e instanceof AppError) return { kind: "attention", cause: "unexpected", reason: e.message };
  // Anything else is ours (a dropped database connection, a bug): worth another attempt, capped.
  return { kind: "retry", reason: e instanceof Error ? e.message : String(e) };
}
