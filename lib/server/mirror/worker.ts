import "server-only";
import { env } from "../env";
import { logger } from "../logger";
import { getMirrorHubSpot } from "../hubspot";
import { APPLY_BATCH, applyPendingEvents, purgeAppliedEvents } from "./apply-loop";
import { catchUp } from "./catch-up";
import { sweep } from "./sweep";
import { readState, releaseLease, takeLease, writeState } from "./sync-state";

const log = logger.child({ component: "mirror" });
/** Leases outlive a round by far; a crashed holder's runs out. */
const LEASE_SECONDS = 60;
const PURGE_EVERY_MS = 60 * 60_000;
/** How often the worker looks whether a catch-up or sweep is due. */
const DUE_CHECK_MS = 1_000;

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
      // A long run (a first catch-up of a large portal) keeps its lease alive.
      const renew = setInterval(() => void takeLease(task.lease, LEASE_SECONDS).catch(() => undefined), (LEASE_SECONDS * 1000) / 3);
      try {
        while (!stopped && (await takeLease(task.lease, LEASE_SECONDS)) && (await task.run()));
      } catch (err) {
        log.warn({ err, task: name }, "mirror task failed; it runs again at its next tick");
      } finally {
        clearInterval(renew);
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

interface RunTimes {
  requestedAt?: number;
  startedAt?: number;
  finishedAt?: number;
}

/**
 * A task that runs when due: when asked for (`requestCatchUp`, e.g. a portal connected), every
 * `intervalMs` after its last run (0: never again), and at once on start when `onStart`.
 * Its times are kept in PostgreSQL, so a restart or another worker knows them.
 */
function periodicTask(key: string, intervalMs: number, onStart: boolean, work: () => Promise<unknown>): MirrorTask {
  let ranHere = !onStart;
  return {
    lease: key,
    async run() {
      const times = await readState<RunTimes>(key);
      const now = Date.now();
      if (times.finishedAt === undefined && !onStart) {
        await writeState(key, { finishedAt: now });
        return false;
      }
      const requested = (times.requestedAt ?? 0) > (times.startedAt ?? 0);
      const due = intervalMs > 0 && now - (times.finishedAt ?? 0) >= intervalMs;
      if (ranHere && !requested && !due) return false;
      ranHere = true;
      await writeState(key, { startedAt: now });
      const result = await work();
      await writeState(key, { finishedAt: Date.now() });
      log.info({ mirror: { task: key, result } }, `mirror ${key} done`);
      return false;
    },
  };
}

/**
 * The worker's mirror: applies webhook events, catches up by last-modified time on start, when
 * asked and every MIRROR_CATCHUP_INTERVAL_SECONDS, and sweeps every id every
 * MIRROR_SWEEP_INTERVAL_SECONDS. Off with MIRROR_ENABLED=0.
 */
export async function startMirrorWorker() {
  if (env.MIRROR_ENABLED === "0") {
    log.info("mirror off (MIRROR_ENABLED=0)");
    return { async stop() {} };
  }
  const client = getMirrorHubSpot();
  const tasks = [
    scheduleTask("apply", applyTask(), env.MIRROR_APPLY_INTERVAL_MS),
    scheduleTask("catchup", periodicTask("catchup", env.MIRROR_CATCHUP_INTERVAL_SECONDS * 1000, true, () => catchUp(client, env.MIRROR_SEARCH_LAG_MS)), DUE_CHECK_MS),
    scheduleTask("sweep", periodicTask("sweep", env.MIRROR_SWEEP_INTERVAL_SECONDS * 1000, false, () => sweep(client)), DUE_CHECK_MS),
  ];
  for (const task of tasks) void task.tick();
  log.info(
    { applyIntervalMs: env.MIRROR_APPLY_INTERVAL_MS, catchUpSeconds: env.MIRROR_CATCHUP_INTERVAL_SECONDS, sweepSeconds: env.MIRROR_SWEEP_INTERVAL_SECONDS, budgetShare: env.MIRROR_BUDGET_SHARE },
    "mirror started",
  );
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
    },
  };
}
