import "server-only";
import PgBoss from "pg-boss";
import { env } from "./env";
import { logger } from "./logger";

/** pg-boss queue of registrations to sync in the background. The registration row stays the truth. */
export const SYNC_QUEUE = "registration-sync";

export interface SyncJob {
  registrationId: string;
}

let booting: Promise<PgBoss> | undefined;

/** One pg-boss per process. Web processes only send; the worker also works the queue. */
export function getBoss(opts: { supervise?: boolean } = {}): Promise<PgBoss> {
  booting ??= (async () => {
    if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    const boss = new PgBoss({
      connectionString: env.DATABASE_URL,
      schema: "pgboss",
      max: 4,
      application_name: "hubspot-crm-queue",
      supervise: opts.supervise ?? false,
      schedule: false,
    });
    boss.on("error", (err) => logger.error({ err }, "job queue error"));
    await boss.start();
    // "stately": at most one queued and one running job per registration (singletonKey).
    // A job whose worker died is expired after a minute and retried by pg-boss.
    await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: "stately", retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 });
    return boss;
  })();
  booting.catch(() => (booting = undefined));
  return booting;
}

/** Ask a worker to sync this registration, not before `delaySeconds`. Duplicate asks are absorbed. */
export async function enqueueSync(registrationId: string, delaySeconds = 0): Promise<void> {
  const boss = await getBoss();
  await boss.send(SYNC_QUEUE, { registrationId } satisfies SyncJob, {
    singletonKey: registrationId,
    startAfter: Math.max(0, Math.ceil(delaySeconds)),
  });
}

/**
 * Finish the jobs a dead worker left "active" (SIGKILL, OOM, lost host). pg-boss only expires them
 * after `expireInSeconds`, at its next maintenance (minutes), and meanwhile, in this "stately" queue,
 * a queued job of the same registration cannot become active: pg-boss's fetch then fails with a
 * unique violation for the whole batch, which stalls the queue for every registration. This holds
 * whatever the registration's state (a dead worker may have synced it but not yet completed its job).
 * The row's lease is the truth: an active job older than a lease whose registration nobody holds
 * now belongs to nobody, so it is marked failed.
 */
export async function releaseAbandonedJobs(): Promise<number> {
  const boss = await getBoss();
  const { rows } = await boss.getDb().executeSql(
    `UPDATE pgboss.job j SET state = 'failed', completed_on = now(), output = $3::jsonb
     WHERE j.name = $1 AND j.state = 'active' AND j.started_on < now() - make_interval(secs => $2::int)
       AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.id::text = j.singleton_key AND r.locked_until > now())
     RETURNING j.id`,
    [SYNC_QUEUE, env.SYNC_LEASE_SECONDS, JSON.stringify({ message: "abandoned: its worker stopped mid-job and the lease ran out" })],
  );
  return rows.length;
}

export async function stopBoss(): Promise<void> {
  const current = booting;
  booting = undefined;
  if (current) await (await current).stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
}
