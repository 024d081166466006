import "server-only";
import { announceSetupCode } from "./auth/setup-code";
import { env } from "./env";
import { logger } from "./logger";

/** Said once at server start (instrumentation.ts): a setup code still to be used, sandbox mode in production. */
export async function announceAtStart(): Promise<void> {
  const log = logger.child({ component: "start" });
  if (env.hubspotMode === "sandbox" && env.NODE_ENV === "production") {
    log.warn(
      { hubspot: { mode: "sandbox" } },
      "Sandbox mode in production: no HubSpot credentials are set (or they are misspelled), so nothing is sent to HubSpot and the sandbox's data is lost on restart",
    );
  }
  await announceSetupCode(log).catch((err: unknown) => log.error({ err }, "could not prepare the setup code"));
}
