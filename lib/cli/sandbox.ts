/*
 * `tsx lib/cli/sandbox.ts`: runs the local HubSpot sandbox until SIGINT/SIGTERM.
 * Everything it stores (objects, associations, tokens) lives in memory and is lost on exit.
 */
import { loadSandboxEnv } from "../runtime/env-schema";
import { startSandbox, type SandboxOptions } from "../sandbox/server";

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
    latencyMs: e.SANDBOX_LATENCY_MS,
    controlToken: e.SANDBOX_CONTROL_TOKEN,
    rotateRefreshTokens: ["1", "true", "yes"].includes(e.SANDBOX_ROTATE_REFRESH_TOKENS ?? ""),
    rateLimit:
      max !== undefined || intervalMs !== undefined ? { max: max ?? 100, intervalMs: intervalMs ?? 10_000 } : undefined,
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
