import "server-only";
import { announceSetupCode } from "./auth/setup-code";
import { logger, type Logger } from "./logger";
import { isSandboxInProduction, SANDBOX_NOTICE } from "./sandbox-notice";

/** Said once at server start (instrumentation.ts): a setup code still to be used, sandbox mode in production. */
export async function announceAtStart(log: Logger = logger.child({ component: "start" })): Promise<void> {
  if (isSandboxInProduction()) {
    log.warn({ hubspot: { mode: "sandbox" } }, `${SANDBOX_NOTICE}. Running in production with no HubSpot credentials (missing or misspelled).`);
  }
  await announceSetupCode(log).catch((err: unknown) => log.error({ err }, "could not prepare the setup code"));
}
