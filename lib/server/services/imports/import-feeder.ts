import "server-only";
import { sleep } from "@/lib/runtime/sleep";
import { registrationSchema } from "@/lib/schemas/registration";
import { db } from "../../db";
import { env } from "../../env";
import { logger } from "../../logger";
import { runSyncAttempt } from "../registrations/attempt";
import { queuedBackgroundContacts } from "../registrations/coalesced-writes";
import { claimImportRows, recordOutcome, type ClaimedRegistration } from "../registrations/store";
import { finishDrainedImports } from "./import-status";

const log = logger.child({ component: "import-feeder" });

/** Background contact upserts kept waiting for a call: two full batches, so every rate slot leaves full. */
const QUEUED_TARGET = 200;
/** Claims smaller than this wait for more room (one statement per claim). */
const MIN_CLAIM = 25;
const TICK_MS = 25;
const IDLE_MS = 1_000;
/** Longest pause after attempts that ended pending (HubSpot down, or refusing calls). */
const MAX_PAUSE_MS = Math.min(30_000, env.SYNC_MAX_BACKOFF_SECONDS * 1000);

/**
 * Feeds running imports' rows into the same sync pipeline as every registration (runSyncAttempt
 * under a lease of their own), as background work: their calls queue behind every registration whose
 * caller waits (../../batcher.ts), and only as many are claimed as keep two batches of contacts
 * waiting, within IMPORT_MAX_IN_FLIGHT attempts. So the rate budget's every slot carries a full batch
 * while a form submitted meanwhile still goes out in the next call. When attempts end pending
 * (an outage, a 429 storm), feeding pauses (doubling, up to 30 s or SYNC_MAX_BACKOFF_SECONDS) instead of spending every row's attempts.
 * A row's lease, claim and outcome are the registration's own (exactly once through kills).
 */
export function startImportFeeder(maxInFlight = env.IMPORT_MAX_IN_FLIGHT) {
  let inFlight = 0;
  let isStopped = false;
  let pauseMs = 0;
  let pausedUntil = 0;
  let running: { ids: string[]; at: number } = { ids: [], at: 0 };

  const runningImports = async () => {
    if (Date.now() - running.at > IDLE_MS) {
      const rows = await db.importJob.findMany({ where: { status: "running" }, select: { id: true }, orderBy: { startedAt: "asc" } });
      running = { ids: rows.map((r) => r.id), at: Date.now() };
    }
    return running.ids;
  };

  async function attempt(lease: ClaimedRegistration) {
    const input = registrationSchema.safeParse(lease.payload);
    if (!input.success) {
      await recordOutcome(lease, { status: "failed", reason: "stored payload is no longer valid" });
      return;
    }
    const outcome = await runSyncAttempt(lease, input.data, { isRetry: lease.attempts > 0, isBackground: true });
    // A batch's rows fail together: the pause doubles once per failed probe, not once per row.
    if (outcome.kind === "pending" && Date.now() >= pausedUntil) {
      pauseMs = Math.min(MAX_PAUSE_MS, Math.max(1_000, pauseMs * 2));
      pausedUntil = Date.now() + pauseMs;
    } else if (outcome.kind === "synced") pauseMs = 0;
  }

  async function feed() {
    const room = Math.min(maxInFlight - inFlight, QUEUED_TARGET - queuedBackgroundContacts());
    if (room < Math.min(MIN_CLAIM, maxInFlight) || Date.now() < pausedUntil) return TICK_MS;
    const ids = await runningImports();
    if (!ids.length) return IDLE_MS;
    // After a pause, one small claim probes whether HubSpot takes calls again.
    const claimed = await claimImportRows(ids, pauseMs ? MIN_CLAIM : room);
    if (!claimed.length) {
      if (!inFlight && (await finishDrainedImports())) running.at = 0;
      return IDLE_MS;
    }
    for (const lease of claimed) {
      inFlight++;
      void attempt(lease)
        .catch((err) => log.error({ err, registrationId: lease.id }, "import row attempt failed"))
        .finally(() => inFlight--);
    }
    // A tick lets the claimed rows reach the contact queue before the room is measured again.
    return TICK_MS;
  }

  const loop = (async () => {
    while (!isStopped) {
      const wait = await feed().catch((err) => {
        log.error({ err }, "import feeder failed; trying again");
        return IDLE_MS;
      });
      await sleep(wait);
    }
  })();

  return {
    /** Attempts of import rows this process holds now. */
    inFlight: () => inFlight,
    async stop() {
      isStopped = true;
      await loop;
    },
  };
}
