import "server-only";
import { db } from "../db";
import { env } from "../env";
import { getWebhookState } from "../webhooks/webhook-state";
import { getConnectionState, getDailyState, getQueueState } from "./deployment-state";

/** Each alert's condition, with its thresholds from configuration (ALERT_*, docs/configuration.md). */

export interface AlertState {
  rule: AlertRule;
  isFiring: boolean;
  /** What is wrong, for the banner and the webhook; set when firing. */
  message: string;
}

export const ALERT_TITLES = {
  pending_too_old: "Registrations are waiting too long",
  needs_attention: "Registrations need attention",
  hubspot_error_rate: "HubSpot error rate over budget",
  connection_needs_reconnect: "HubSpot connection needs reconnect",
  daily_budget_low: "Daily HubSpot allowance running out",
  webhook_failing: "Webhook endpoints are failing",
} as const;
export type AlertRule = keyof typeof ALERT_TITLES;

const minutes = (s: number) => (s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

/** HubSpot calls and error answers (4xx, 429, 5xx, no answer) in the last `windowMinutes`. */
export async function getErrorRate(windowMinutes: number): Promise<{ calls: number; errors: number }> {
  const [row] = await db.$queryRaw<{ calls: number; errors: number }[]>`
    SELECT COALESCE(sum(calls), 0)::int AS calls, COALESCE(sum(calls) FILTER (WHERE status_class <> '2xx'), 0)::int AS errors
      FROM hubspot_call_rollup WHERE bucket >= now() - make_interval(mins => ${windowMinutes})`;
  return row;
}

export async function evaluateAlertRules(now = Date.now()): Promise<AlertState[]> {
  const [queue, rate, connection, daily, webhooks] = await Promise.all([
    getQueueState(),
    getErrorRate(env.ALERT_ERROR_WINDOW_MINUTES),
    getConnectionState(),
    getDailyState(),
    getWebhookState(env.ALERT_WEBHOOK_FAILING_MINUTES),
  ]);
  const ageSeconds = queue.oldestPendingAt ? (now - queue.oldestPendingAt.getTime()) / 1000 : 0;
  const share = rate.calls ? rate.errors / rate.calls : 0;
  const dailyFresh = daily && now - daily.observedAt.getTime() < Math.max(3_600_000, 2 * env.HUBSPOT_DAILY_PROBE_SECONDS * 1000);
  const dailyShare = daily && daily.limit ? daily.remaining / daily.limit : 1;
  return [
    {
      rule: "pending_too_old",
      isFiring: ageSeconds > env.ALERT_PENDING_MAX_AGE_MINUTES * 60,
      message: `The oldest pending registration has waited ${minutes(ageSeconds)} (limit ${env.ALERT_PENDING_MAX_AGE_MINUTES} min); ${queue.pending} pending.`,
    },
    {
      rule: "needs_attention",
      isFiring: queue.needsAttention >= env.ALERT_NEEDS_ATTENTION_MIN,
      message:
        queue.needsAttention === 1
          ? "1 registration needs attention or is partial: see Registrations."
          : `${queue.needsAttention} registrations need attention or are partial: see Registrations.`,
    },
    {
      rule: "hubspot_error_rate",
      isFiring: rate.calls >= env.ALERT_ERROR_MIN_CALLS && share > env.ALERT_ERROR_RATE,
      message: `${(share * 100).toFixed(1)} % of ${rate.calls} HubSpot calls in the last ${env.ALERT_ERROR_WINDOW_MINUTES} min were errors (budget ${(env.ALERT_ERROR_RATE * 100).toFixed(1)} %).`,
    },
    {
      rule: "connection_needs_reconnect",
      isFiring: connection.status === "needs_reconnect" || connection.status === "not_connected",
      message: connection.status === "not_connected" ? "No HubSpot portal is connected: sign in to connect one." : "HubSpot refused the stored refresh token: sign in again to reconnect the portal.",
    },
    {
      rule: "daily_budget_low",
      isFiring: !!dailyFresh && dailyShare < env.ALERT_DAILY_REMAINING_SHARE,
      message: daily
        ? `${daily.remaining} of ${daily.limit} daily HubSpot calls left (${(dailyShare * 100).toFixed(1)} %, alert under ${(env.ALERT_DAILY_REMAINING_SHARE * 100).toFixed(0)} %).`
        : "",
    },
    {
      rule: "webhook_failing",
      isFiring: webhooks.failingEndpoints > 0,
      message: `${webhooks.failingEndpoints === 1 ? "1 webhook endpoint has" : `${webhooks.failingEndpoints} webhook endpoints have`} left an event undelivered for over ${env.ALERT_WEBHOOK_FAILING_MINUTES} min: see Webhooks.`,
    },
  ];
}
