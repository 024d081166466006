/** With no HubSpot credentials, the launcher runs the built-in HubSpot sandbox in its own process. */
import type pino from "pino";
import { SANDBOX_OAUTH_CLIENT, type AppEnv } from "../../runtime/env-schema";
import { findFreePort, isPortFree, portFromEnv } from "../../runtime/ports";
import type { Supervisor } from "./supervisor";

export const DEFAULT_SANDBOX_PORT = 5002;

/** Starts the sandbox in sandbox mode and points HUBSPOT_API_BASE_URL at it (for the children). */
export async function startSandboxIfNeeded(env: AppEnv, supervisor: Supervisor, log: pino.Logger): Promise<void> {
  if (env.hubspotMode !== "sandbox") {
    process.env.HUBSPOT_SANDBOX = "0";
    log.info({ mode: env.hubspotMode, api: env.HUBSPOT_API_BASE_URL }, `HubSpot mode: ${env.hubspotMode}`);
    return;
  }
  const { startSandbox } = await import("../../tooling/sandbox/server");
  let port = portFromEnv("SANDBOX_PORT") ?? DEFAULT_SANDBOX_PORT;
  if (port === env.PORT || !(await isPortFree(port))) {
    const free = await findFreePort();
    log.warn({ port, newPort: free }, `port ${port} (SANDBOX_PORT) is not free; the HubSpot sandbox uses port ${free} instead`);
    port = free;
  }
  // It plays HubSpot's webhooks too: signed with its app's client secret, which the app verifies
  // with in sandbox mode, posted to the app's public URL (the URI the app checks the signature over).
  const publicUrl = (process.env.AUTH_URL?.trim() || `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const sandbox = await startSandbox({
    port,
    clientId: SANDBOX_OAUTH_CLIENT.id,
    clientSecret: SANDBOX_OAUTH_CLIENT.secret,
    webhooks: { targetUrl: `${publicUrl}/api/hubspot/webhooks` },
  });
  supervisor.onShutdown("the HubSpot sandbox", () => sandbox.close());
  process.env.HUBSPOT_API_BASE_URL = sandbox.url;
  process.env.HUBSPOT_SANDBOX = "1";
  log.info(
    { url: sandbox.url },
    `running in sandbox mode: no HubSpot credentials, using the built-in HubSpot sandbox at ${sandbox.url} (its webhooks go to ${publicUrl})`,
  );
}
