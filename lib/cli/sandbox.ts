/*
 * `tsx lib/cli/sandbox.ts`: runs the local HubSpot sandbox until SIGINT/SIGTERM.
 * Everything it stores (objects, associations, tokens) lives in memory and is lost on exit.
 */
import { EnvError, loadSandboxEnv, type SandboxEnv } from "../runtime/env-schema";
import type { LatencyInput } from "../tooling/sandbox/latency";
import { startSandbox, type SandboxOptions } from "../tooling/sandbox/server";

/** SANDBOX_LATENCY_PROFILE and the knobs that override it; undefined when none is set. */
function latencyFromEnv(e: SandboxEnv): LatencyInput | undefined {
  const input: LatencyInput = {
    profile: e.SANDBOX_LATENCY_PROFILE,
    baseMs: e.SANDBOX_LATENCY_BASE_MS,
    perInputMs: e.SANDBOX_LATENCY_PER_INPUT_MS,
    jitter: e.SANDBOX_LATENCY_JITTER,
    tailProbability: e.SANDBOX_LATENCY_TAIL_PROBABILITY,
    tailMultiplier: e.SANDBOX_LATENCY_TAIL_MULTIPLIER,
    maxMs: e.SANDBOX_LATENCY_MAX_MS,
  };
  const given = Object.entries(input).filter(([, v]) => v !== undefined);
  if (given.length > 0 && e.SANDBOX_LATENCY_MS !== undefined) {
    throw new EnvError(["SANDBOX_LATENCY_MS: set it or SANDBOX_LATENCY_PROFILE / SANDBOX_LATENCY_* knobs, not both"]);
  }
  return given.length > 0 ? (Object.fromEntries(given) as LatencyInput) : undefined;
}

function optionsFromEnv(): SandboxOptions {
  const e = loadSandboxEnv(process.env);
  const max = e.SANDBOX_RATE_LIMIT_MAX;
  const intervalMs = e.SANDBOX_RATE_LIMIT_INTERVAL_MS;
  return {
    port: e.SANDBOX_PORT,
    host: e.SANDBOX_HOST,
    clientId: e.HUBSPOT_CLIENT_ID,
    clientSecret: e.HUBSPOT_CLIENT_SECRET,
    tokenTtlSeconds: e.SANDBOX_TOKEN_TTL_SECONDS,
    latency: latencyFromEnv(e),
    latencyMs: e.SANDBOX_LATENCY_MS,
    controlToken: e.SANDBOX_CONTROL_TOKEN,
    rotateRefreshTokens: ["1", "true", "yes"].includes(e.SANDBOX_ROTATE_REFRESH_TOKENS ?? ""),
    rateLimit:
      max !== undefined || intervalMs !== undefined ? { max: max ?? 100, intervalMs: intervalMs ?? 10_000 } : undefined,
    // Signed with clientSecret (HUBSPOT_CLIENT_SECRET): give the app the same one.
    webhooks: e.SANDBOX_WEBHOOK_URL ? { targetUrl: e.SANDBOX_WEBHOOK_URL } : undefined,
    searchIndexLagMs: e.SANDBOX_SEARCH_INDEX_LAG_MS,
  };
}

async function main() {
  const sandbox = await startSandbox(optionsFromEnv());
  console.log(JSON.stringify({ level: "info", msg: "hubspot sandbox listening", url: sandbox.url }));
  const stop = (signal: string) => {
    console.log(JSON.stringify({ level: "info", msg: "hubspot sandbox stopping", signal }));
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ level: "error", msg: "hubspot sandbox failed to start", err: String(err) }));
  process.exit(1);
});
