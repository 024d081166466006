import "server-only";
import { sqlPool } from "../db";
import { env } from "../env";
import { logger } from "../logger";
import { claimNotifications, recordAlertStates, settleNotification } from "./alert-episodes";
import { evaluateAlertRules } from "./alert-rules";
import { postAlert } from "./alert-webhook";
import { flushOpsCounters } from "./call-recorder";
import { FOLD_SQL } from "./rollup-sql";

const log = logger.child({ component: "operations" });
const FOLD_EVERY_MS = 10 * 60_000;
let lastFold = 0;

/** Evaluate every alert, record episodes, and tell the webhook (if configured) of each start and clear. */
export async function evaluateAlerts(): Promise<void> {
  await flushOpsCounters().catch((err) => log.warn({ err }, "could not record operations counters"));
  await recordAlertStates(await evaluateAlertRules());
  const url = env.ALERT_WEBHOOK_URL;
  if (!url) return;
  for (const n of await claimNotifications()) {
    const delivered = await postAlert(url, n);
    await settleNotification(n, delivered);
    if (!delivered) log.warn({ rule: n.rule, state: n.state }, "alert webhook did not take the alert; trying again next time");
  }
}

/** Fold rollup rows older than two days (./rollup-sql.ts). */
export async function foldOldRollups(): Promise<void> {
  for (const sql of FOLD_SQL) await sqlPool().query(sql);
}

async function tick() {
  try {
    await evaluateAlerts();
    if (Date.now() - lastFold > FOLD_EVERY_MS) {
      lastFold = Date.now();
      await foldOldRollups();
    }
  } catch (err) {
    log.error({ err }, "operations tick failed");
  }
}

/** Run in the worker: alerts every ALERT_EVALUATE_INTERVAL_MS, the fold every ten minutes. */
export function startOperationsLoop(): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void tick().finally(() => (running = false));
  }, env.ALERT_EVALUATE_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}
