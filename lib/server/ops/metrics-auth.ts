import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { authenticateRequest, type Principal } from "../auth/request-auth";
import { env } from "../env";
import { AppError } from "../errors";

/**
 * Whether an API key may do `scope`. Keys carry no scopes yet: a principal without a `scopes`
 * list has none, so only METRICS_TOKEN reads the metrics until keys get a `metrics` scope.
 */
export function hasScope(principal: Principal, scope: string): boolean {
  const scopes = (principal as { scopes?: unknown }).scopes;
  return Array.isArray(scopes) && scopes.includes(scope);
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** GET /api/metrics: `Authorization: Bearer <METRICS_TOKEN>`, or an API key with the `metrics` scope. */
export async function authorizeMetrics(req: Request): Promise<void> {
  const header = req.headers.get("authorization");
  const bearer = header && /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!bearer) throw new AppError("UNAUTHORIZED", "Send Authorization: Bearer <METRICS_TOKEN or an API key with the metrics scope>.");
  if (env.METRICS_TOKEN && timingSafeEqual(digest(bearer), digest(env.METRICS_TOKEN))) return;
  const principal = await authenticateRequest(req);
  if (!principal) throw new AppError("UNAUTHORIZED", "This token may not read the metrics.");
  if (!hasScope(principal, "metrics")) throw new AppError("FORBIDDEN", "This API key has no metrics scope.");
}
