import "server-only";
import { registrationSchema } from "@/lib/schemas/registration";
import { db } from "../../db";
import { env } from "../../env";
import { logger } from "../../logger";
import { enqueueSync, getBoss, releaseAbandonedJobs, SYNC_QUEUE, type SyncJob } from "../../queue";
import { startOperationsLoop } from "../../ops/operations-loop";
import { startImportFeeder } from "../imports/import-feeder";
import { runSyncAttempt } from "./attempt";
import { claimRegistration, recordOutcome } from "./store";
import { purgeExpiredRegistrationsIfDue } from "./retention";

const log = logger.child({ component: "worker" });

/**
 * Sync one registration if nobody else holds it. The lease (./lease.ts) makes the request path,
 * several workers and a worker killed mid-attempt safe: a live holder keeps renewing it, a dead
 * holder's lease simply runs out, and a stalled holder's writes are fenced by its token.
 */
export async function processRegistration(id: string): Promise<void> {
  const claimed = await claimRegistration(id);
  if (!claimed) {
    const row = await db.registration.findUnique({ where: { id }, select: { status: true, lockedUntil: true } });
    if (row?.status === "pending" && row.lockedUntil) {
      await enqueueSync(id, (row.lockedUntil.getTime() - Date.now()) / 1000 + 1);
    }
    return;
  }
  const input = registrationSchema.safeParse(claimed.payload);
  if (!input.success) {
    await recordOutcome(claimed, { status: "failed", reason: "stored payload is no longer valid" });
    return;
  }
  const outcome = await runSyncAttempt(claimed, input.data, { isRetry: true });
  log.info({ registrationId: id, outcome: outcome.kind }, "registration sync attempt");
}

/**
 * Pending registrations that are due and held by nobody: queued again (duplicates are absorbed).
 * Rows of a running import are left to the import feeder, which takes them in line order.
 */
export async function sweepPendingRegistrations(limit = 500): Promise<number> {
  // Jobs still active for registrations nobody holds belong to a worker that died mid-job.
  const released = await releaseAbandonedJobs();
  if (released) log.warn({ released }, "released jobs of a worker that stopped mid-job");
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM registration
    WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
      AND (locked_until IS NULL OR locked_until < now())
      AND (import_id IS NULL OR import_id NOT IN (SELECT id FROM import_job WHERE status = 'running'))
    ORDER BY created_at LIMIT ${limit}`;
  for (const { id } of due) await enqueueSync(id);
  return due.length;
}

/** Work the queue and sweep on an interval until `stop()`. */
export async function startRegistrationWorker() {
  const boss = await getBoss({ supervise: true });
  await boss.work<SyncJob>(SYNC_QUEUE, { batchSize: env.WORKER_CONCURRENCY, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    await Promise.all(
      jobs.map((job) =>
        processRegistration(job.data.registrationId).catch((err) => log.error({ err, registrationId: job.data.registrationId }, "sync job failed")),
      ),
    );
  });
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await purgeExpiredRegistrationsIfDue();
      const n = await sweepPendingRegistrations();
      if (n) log.info({ queued: n }, "queued pending registrations");
    } catch (err) {
      log.error({ err }, "sweep failed");
    } finally {
      sweeping = false;
    }
  };
  await sweep();
  const timer = setInterval(sweep, env.SYNC_SWEEP_INTERVAL_MS);
  // Alerts are evaluated by the workers, not by every web process (episodes are shared in PostgreSQL).
  const operations = startOperationsLoop();
  const imports = startImportFeeder();
  log.info({ concurrency: env.WORKER_CONCURRENCY }, "registration worker started");
  return {
    async stop() {
      clearInterval(timer);
      operations.stop();
      await Promise.all([imports.stop(), boss.offWork(SYNC_QUEUE)]);
    },
  };
}
