import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { authenticateRequest, type Principal } from "../auth/request-auth";
import { env } from "../env";
import { AppError } from "../errors";

/**
 * Whether an API key may read the metrics: only a stored key created with the `metrics` scope
 * (API_KEYS keys have register and read only); staff sessions never do (a monitoring system is
 * not a person).
 */
export function mayReadMetrics(principal: Principal): boolean {
  return principal.kind === "api_key" && (principal.scopes as readonly string[]).includes("metrics");
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
  if (!mayReadMetrics(principal)) throw new AppError("FORBIDDEN", "This API key has no metrics scope.");
}
