import "server-only";
import type { Alert } from "@/lib/schemas/operations";
import { db } from "../db";
import { ALERT_TITLES, type AlertRule, type AlertState } from "./alert-rules";

/**
 * Alert episodes in PostgreSQL (table alert_episode, one row per rule): an episode starts when a
 * rule fires after being clear and ends when it clears. What the webhook was last told is kept
 * beside it, and a notification is claimed by one process at a time, so several workers never
 * post the same start or clear twice and a failed post is tried again on the next evaluation.
 */

/** How long a claimed notification is reserved for the process posting it. */
const CLAIM_SECONDS = 30;

/** Record each rule's state; an episode's start time stays while it keeps firing. */
export async function recordAlertStates(states: AlertState[]): Promise<void> {
  for (const s of states) {
    if (s.isFiring) {
      await db.$executeRaw`
        INSERT INTO alert_episode (rule, is_active, message, started_at, updated_at) VALUES (${s.rule}, true, ${s.message}, now(), now())
        ON CONFLICT (rule) DO UPDATE SET
          message = EXCLUDED.message, updated_at = now(), is_active = true,
          started_at = CASE WHEN alert_episode.is_active THEN alert_episode.started_at ELSE now() END,
          cleared_at = CASE WHEN alert_episode.is_active THEN alert_episode.cleared_at ELSE NULL END`;
    } else {
      await db.$executeRaw`
        UPDATE alert_episode SET is_active = false, cleared_at = now(), updated_at = now() WHERE rule = ${s.rule} AND is_active`;
    }
  }
}

export interface PendingNotification {
  rule: AlertRule;
  state: "active" | "cleared";
  message: string;
  startedAt: Date | null;
  clearedAt: Date | null;
}

/** Episodes whose start or clear the webhook has not been told yet, reserved for this process. */
export async function claimNotifications(): Promise<PendingNotification[]> {
  const rows = await db.$queryRaw<{ rule: AlertRule; is_active: boolean; message: string | null; started_at: Date | null; cleared_at: Date | null }[]>`
    UPDATE alert_episode SET notify_claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
     WHERE (CASE WHEN is_active THEN 'active' ELSE 'cleared' END) <> notified_state
       AND (notify_claimed_until IS NULL OR notify_claimed_until < now())
    RETURNING rule, is_active, message, started_at, cleared_at`;
  return rows.map((r) => ({ rule: r.rule, state: r.is_active ? "active" : "cleared", message: r.message ?? "", startedAt: r.started_at, clearedAt: r.cleared_at }));
}

/** The webhook took it (or failed: `delivered` false releases the claim for the next evaluation). */
export async function settleNotification(n: PendingNotification, delivered: boolean): Promise<void> {
  if (delivered) {
    await db.$executeRaw`UPDATE alert_episode SET notified_state = ${n.state}, notify_claimed_until = NULL WHERE rule = ${n.rule}`;
  } else {
    await db.$executeRaw`UPDATE alert_episode SET notify_claimed_until = NULL WHERE rule = ${n.rule}`;
  }
}

/** Alerts firing now, for the dashboard banner and the operations page. */
export async function listActiveAlerts(): Promise<Alert[]> {
  const rows = await db.alertEpisode.findMany({ where: { isActive: true }, orderBy: { startedAt: "asc" } });
  return rows.map((r) => ({
    rule: r.rule,
    title: ALERT_TITLES[r.rule as AlertRule] ?? r.rule,
    message: r.message ?? "",
    startedAt: (r.startedAt ?? r.updatedAt).toISOString(),
  }));
}
