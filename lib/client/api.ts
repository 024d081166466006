import { ApiError } from "./api-error";
import { loadSchemas, type SchemaPick } from "./load-schemas";

export { ApiError, describeApiError } from "./api-error";

/**
 * Fetch our own API (same origin, the session cookie goes along) and parse the answer with the
 * response schema from lib/schemas (`pick` chooses it once the schemas are loaded, which happens
 * while the request is under way), so components only ever see typed data.
 */
export async function apiFetch<T>(path: string, pick: SchemaPick<T> | null, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const schemas = loadSchemas();
  // Awaited below; a failure is reported there, not as an unhandled rejection meanwhile.
  schemas.catch(() => undefined);
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
  if (!res.ok || pick) {
    const loaded = await schemas.catch(() => {
      throw new ApiError(0, "NETWORK_ERROR", "Part of the page could not be loaded. Check your connection and reload.");
    });
    if (!res.ok) {
      const parsed = loaded.errorResponseSchema.safeParse(body);
      if (parsed.success) {
        const e = parsed.data.error;
        throw new ApiError(res.status, e.code, e.message, e.details ?? [], e.request_id);
      }
      throw new ApiError(res.status, "UNEXPECTED_RESPONSE", `The server answered HTTP ${res.status}.`);
    }
    if (pick) {
      const parsed = pick(loaded).safeParse(body);
      if (!parsed.success) throw new ApiError(res.status, "UNEXPECTED_RESPONSE", "The server answered something unexpected.");
      return parsed.data;
    }
  }
  return body as T;
}
