import "server-only";
import type { ApiKeyScope } from "@/lib/schemas/api-key";
import type { Principal } from "./request-auth";

/** Staff sessions may do everything an API key may; a key only what its scopes say. */
export const hasScope = (p: Principal | null, scope: ApiKeyScope) => p !== null && (p.kind === "session" || p.scopes.includes(scope));

/**
 * The Idempotency-Key as stored: prefixed with the caller, so a key sent by another caller is
 * another key (it can neither replay nor probe this caller's answers).
 */
export const scopedIdempotencyKey = (p: Principal | null, key: string) => `${p?.callerId ?? "anonymous"}:${key}`;

/**
 * The caller whose registrations are the only ones this principal may see, or undefined when it
 * may see all (staff, and keys with `read`).
 */
export const ownRegistrationsOnly = (p: Principal | null): string | undefined =>
  p && !hasScope(p, "read") ? p.callerId : undefined;
