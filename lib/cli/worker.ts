// `npm run worker`: the background sync worker as its own process (also started by `npm start`).
// Runs with `--conditions=react-server` so the `server-only` guard of lib/server lets it load.
import { startMirrorWorker } from "@/lib/server/mirror/worker";
import { startRegistrationWorker } from "@/lib/server/services/registrations/worker";
import { stopBoss } from "@/lib/server/queue";
import { logger } from "@/lib/server/logger";
import { db } from "@/lib/server/db";
import { startWebhookDelivery } from "@/lib/server/webhooks/delivery-loop";
import { provisionEnvWebhookEndpoint } from "@/lib/server/webhooks/endpoints";

async function main() {
  const worker = await startRegistrationWorker();
  // Webhooks go out from a loop of their own (docs/webhooks.md): it never holds up the sync.
  await provisionEnvWebhookEndpoint().catch((err) => logger.error({ err }, "could not provision the WEBHOOK_URL endpoint"));
  const webhooks = startWebhookDelivery();
  const mirror = await startMirrorWorker();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    await mirror.stop().catch(() => undefined);
    await Promise.all([worker.stop().catch(() => undefined), webhooks.stop().catch(() => undefined)]);
    await stopBoss();
    await db.$disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err) => {
  logger.fatal({ err }, "worker could not start");
  process.exit(1);
});
