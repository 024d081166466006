/*
 * `tsx lib/cli/sandbox.ts`: runs the local HubSpot sandbox until SIGINT/SIGTERM.
 * Everything it stores (objects, associations, tokens) lives in memory and is lost on exit.
 */
import { startSandbox, type SandboxOptions } from "../sandbox/server";

function numberEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

const stringEnv = (name: string) => process.env[name]?.trim() || undefined;

function optionsFromEnv(): SandboxOptions {
  const max = numberEnv("SANDBOX_RATE_LIMIT_MAX");
  const intervalMs = numberEnv("SANDBOX_RATE_LIMIT_INTERVAL_MS");
  return {
    port: numberEnv("SANDBOX_PORT") ?? 5002,
    host: stringEnv("SANDBOX_HOST"),
    clientId: stringEnv("HUBSPOT_CLIENT_ID"),
    clientSecret: stringEnv("HUBSPOT_CLIENT_SECRET"),
    tokenTtlSeconds: numberEnv("SANDBOX_TOKEN_TTL_SECONDS"),
    latencyMs: numberEnv("SANDBOX_LATENCY_MS"),
    rotateRefreshTokens: ["1", "true", "yes"].includes((process.env.SANDBOX_ROTATE_REFRESH_TOKENS ?? "").toLowerCase()),
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
