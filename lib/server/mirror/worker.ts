import "server-only";
import { env } from "../env";
import { logger } from "../logger";
import { APPLY_BATCH, applyPendingEvents, purgeAppliedEvents } from "./apply-loop";
import { releaseLease, takeLease } from "./sync-state";

const log = logger.child({ component: "mirror" });
/** Leases outlive a round by far; a crashed holder's runs out. */
const LEASE_SECONDS = 60;
const PURGE_EVERY_MS = 60 * 60_000;

export interface MirrorTask {
  /** The lease it holds while it runs (one process at a time). */
  lease: string;
  /** Runs once; returns true when there is more to do at once. */
  run(): Promise<boolean>;
}

/**
 * Runs a task now and then: never twice at once in this process, and only while this process
 * holds the task's lease; a failure is logged and tried again at the next tick.
 */
export function scheduleTask(name: string, task: MirrorTask, everyMs: number) {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return running;
    running = (async () => {
      try {
        while (!stopped && (await takeLease(task.lease, LEASE_SECONDS)) && (await task.run()));
      } catch (err) {
        log.warn({ err, task: name }, "mirror task failed; it runs again at its next tick");
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(tick, everyMs);
  timer.unref?.();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await releaseLease(task.lease).catch(() => undefined);
    },
  };
}

/** The webhook events in the inbox, applied in rounds of APPLY_BATCH. */
export function applyTask(): MirrorTask {
  let purgedAt = 0;
  return {
    lease: "apply",
    async run() {
      const result = await applyPendingEvents();
      if (result.events) log.info({ mirror: result }, "webhook events applied");
      if (Date.now() - purgedAt > PURGE_EVERY_MS) {
        purgedAt = Date.now();
        await purgeAppliedEvents();
      }
      return result.events === APPLY_BATCH;
    },
  };
}

/** The worker's mirror: applies webhook events. Off with MIRROR_ENABLED=0. */
export async function startMirrorWorker() {
  if (env.MIRROR_ENABLED === "0") {
    log.info("mirror off (MIRROR_ENABLED=0)");
    return { async stop() {} };
  }
  const apply = scheduleTask("apply", applyTask(), env.MIRROR_APPLY_INTERVAL_MS);
  void apply.tick();
  log.info({ applyIntervalMs: env.MIRROR_APPLY_INTERVAL_MS }, "mirror started");
  return {
    async stop() {
      await apply.stop();
    },
  };
}
