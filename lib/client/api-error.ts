import type { ErrorCode, FieldIssue } from "@/lib/schemas/error";

/**
 * An error answer of our API, as the browser sees it. No zod here: the dashboard's layout (react-query's
 * retry rule) needs this class, and every page loads the layout.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "NETWORK_ERROR" | "UNEXPECTED_RESPONSE",
    message: string,
    readonly details: FieldIssue[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A sentence for an error a person can act on. */
export function describeApiError(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Try again.";
  if (error.status === 401) return "Your session has ended. Sign in again to continue.";
  const suffix = error.requestId ? ` (request ${error.requestId})` : "";
  return `${error.message}${suffix}`;
}
