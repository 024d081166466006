import type { z } from "zod";
import { errorResponseSchema, type ErrorCode, type FieldIssue } from "@/lib/schemas/error";

/** An error answer of our API, as the browser sees it. */
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

/**
 * Fetch our own API (same origin, the session cookie goes along) and parse the answer with the
 * response schema from lib/schemas, so components only ever see typed data.
 */
export async function apiFetch<T>(path: string, schema: z.ZodType<T> | null, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: "same-origin",
      ...rest,
      headers: { accept: "application/json", ...(json === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch {
    throw new ApiError(0, "NETWORK_ERROR", "The server could not be reached. Check your connection and try again.");
  }
  const body = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = errorResponseSchema.safeParse(body);
    if (parsed.success) {
      const e = parsed.data.error;
      throw new ApiError(res.status, e.code, e.message, e.details ?? [], e.request_id);
    }
    throw new ApiError(res.status, "UNEXPECTED_RESPONSE", `The server answered HTTP ${res.status}.`);
  }
  if (!schema) return body as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(res.status, "UNEXPECTED_RESPONSE", "The server answered something unexpected.");
  return parsed.data;
}

/** A sentence for an error a person can act on. */
export function describeApiError(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Try again.";
  if (error.status === 401) return "Your session has ended. Sign in again to continue.";
  const suffix = error.requestId ? ` (request ${error.requestId})` : "";
  return `${error.message}${suffix}`;
}
