import "server-only";
import { Counter, Gauge, Registry, type Metric } from "prom-client";
import { db } from "../db";
import { listActiveAlerts } from "./alert-episodes";
import { ALERT_TITLES } from "./alert-rules";
import { flushOpsCounters } from "./call-recorder";
import { getBudgetState, getDailyState, getQueueState } from "./deployment-state";
import { HTTP_DURATION_BUCKETS_MS } from "./labels";
import { env } from "../env";
import { getWebhookState } from "../webhooks/webhook-state";

/**
 * GET /api/metrics: the deployment's counters as PostgreSQL holds them (docs/operations.md says
 * why: every web replica and worker adds to the same rollups, so any replica answers the same
 * totals and a restart resets nothing). Built afresh per scrape with prom-client's formatter.
 */

const P = "hubspot_sync_";

type Labels = Record<string, string>;
function counter(reg: Registry, name: string, help: string, labelNames: string[], rows: { labels: Labels; value: number }[]) {
  const c = new Counter({ name: P + name, help, labelNames, registers: [reg] });
  for (const r of rows) c.inc(r.labels, r.value);
  return c;
}
function gauge(reg: Registry, name: string, help: string, value: number | null, labels: Labels = {}, labelNames: string[] = []) {
  const g = (reg.getSingleMetric(P + name) as Gauge | undefined) ?? new Gauge({ name: P + name, help, labelNames, registers: [reg] });
  if (value !== null) g.set(labels, value);
}

type HttpRow = { route: string; method: string; status_class: string; le_ms: number; count: number; duration_ms_sum: number };

/** The request-duration histogram from the per-minute buckets (cumulative, as Prometheus expects). */
function httpHistogram(rows: HttpRow[]): Metric {
  const name = `${P}http_request_duration_seconds`;
  const series = new Map<string, { labels: Labels; byLe: Map<number, number>; sum: number; count: number }>();
  for (const r of rows) {
    const key = `${r.route} ${r.method} ${r.status_class}`;
    const s = series.get(key) ?? { labels: { route: r.route, method: r.method, status_class: r.status_class }, byLe: new Map(), sum: 0, count: 0 };
    s.byLe.set(r.le_ms, (s.byLe.get(r.le_ms) ?? 0) + r.count);
    s.sum += r.duration_ms_sum / 1000;
    s.count += r.count;
    series.set(key, s);
  }
  const values = [...series.values()].flatMap((s) => {
    let cumulative = 0;
    const buckets = HTTP_DURATION_BUCKETS_MS.map((le) => {
      cumulative += s.byLe.get(le) ?? 0;
      return { metricName: `${name}_bucket`, labels: { ...s.labels, le: String(le / 1000) }, value: cumulative };
    });
    return [
      ...buckets,
      { metricName: `${name}_bucket`, labels: { ...s.labels, le: "+Inf" }, value: s.count },
      { metricName: `${name}_sum`, labels: s.labels, value: s.sum },
      { metricName: `${name}_count`, labels: s.labels, value: s.count },
    ];
  });
  return { name, help: "API request duration (every web process).", type: "histogram", get: () => ({ name, help: "API request duration (every web process).", type: "histogram", values }) } as unknown as Metric;
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  // This process's counts of the last few seconds first, so a scrape sees its own calls.
  await flushOpsCounters().catch(() => undefined);
  const [outcomes, calls, http, refresh, queue, budget, daily, alerts, webhooks] = await Promise.all([
    db.$queryRaw<{ outcome: string; count: number }[]>`SELECT outcome, sum(count)::float8 AS count FROM registration_rollup GROUP BY outcome`,
    db.$queryRaw<{ operation: string; status_class: string; calls: number; retries: number }[]>`
      SELECT operation, status_class, sum(calls)::float8 AS calls, sum(retries)::float8 AS retries FROM hubspot_call_rollup GROUP BY 1, 2`,
    db.$queryRaw<HttpRow[]>`
      SELECT route, method, status_class, le_ms, sum(count)::float8 AS count, sum(duration_ms_sum) AS duration_ms_sum FROM http_request_rollup GROUP BY 1, 2, 3, 4`,
    db.$queryRaw<{ n: number }[]>`SELECT COALESCE(sum(refresh_count), 0)::float8 AS n FROM hubspot_connection`,
    getQueueState(),
    getBudgetState(),
    getDailyState(),
    listActiveAlerts(),
    getWebhookState(env.ALERT_WEBHOOK_FAILING_MINUTES),
  ]);
  const reg = new Registry();
  counter(reg, "registrations_total", "Registrations by outcome (received, synced_at_once, synced_later, accepted_for_later, partial, needs_attention, failed).", ["outcome"],
    outcomes.map((o) => ({ labels: { outcome: o.outcome }, value: o.count })));
  counter(reg, "hubspot_calls_total", "HubSpot calls by operation and status class (2xx, 4xx, 429, 5xx, network).", ["operation", "status_class"],
    calls.map((c) => ({ labels: { operation: c.operation, status_class: c.status_class }, value: c.calls })));
  counter(reg, "hubspot_rate_limited_total", "HubSpot answers 429.", [], [{ labels: {}, value: calls.filter((c) => c.status_class === "429").reduce((n, c) => n + c.calls, 0) }]);
  counter(reg, "hubspot_retries_total", "HubSpot calls that were retries of an earlier attempt, by operation.", ["operation"],
    calls.filter((c) => c.retries > 0).map((c) => ({ labels: { operation: c.operation }, value: c.retries })));
  counter(reg, "token_refreshes_total", "OAuth access-token refreshes.", [], [{ labels: {}, value: refresh[0]?.n ?? 0 }]);
  gauge(reg, "queue_depth", "Pending registrations (capped at 100000).", queue.pending);
  gauge(reg, "needs_attention", "Registrations that need attention or are partial (capped at 100000).", queue.needsAttention);
  gauge(reg, "oldest_pending_age_seconds", "Age of the oldest pending registration; 0 when none.", queue.oldestPendingAt ? (Date.now() - queue.oldestPendingAt.getTime()) / 1000 : 0);
  gauge(reg, "rate_budget_used", "HubSpot calls sent in the current rate window by every process.", budget.used);
  gauge(reg, "rate_budget_size", "HubSpot calls this deployment may send per rate window (the portal's budget less the reserve).", budget.max);
  gauge(reg, "rate_budget_portal_size", "The portal's burst budget per window as HubSpot last told it.", budget.portalMax);
  gauge(reg, "rate_budget_interval_seconds", "Length of HubSpot's rate window.", budget.intervalMs / 1000);
  if (daily) {
    gauge(reg, "daily_limit", "HubSpot's daily allowance (X-HubSpot-RateLimit-Daily), as last reported.", daily.limit);
    gauge(reg, "daily_remaining", "Calls left today (X-HubSpot-RateLimit-Daily-Remaining), as last reported.", daily.remaining);
  }
  counter(reg, "webhook_deliveries_total", "Webhook delivery attempts by outcome (delivered, failed: tried again, given_up).", ["outcome"],
    ["delivered", "failed", "given_up"].map((outcome) => ({ labels: { outcome }, value: webhooks.attempts[outcome] ?? 0 })));
  gauge(reg, "webhook_deliveries_pending", "Webhook deliveries of enabled endpoints not yet delivered (capped at 100000).", webhooks.pending);
  gauge(reg, "webhook_oldest_pending_age_seconds", "Age of the oldest undelivered webhook event of an enabled endpoint; 0 when none.",
    webhooks.oldestPendingAt ? (Date.now() - webhooks.oldestPendingAt.getTime()) / 1000 : 0);
  const firing = new Set(alerts.map((a) => a.rule));
  for (const rule of Object.keys(ALERT_TITLES)) gauge(reg, "alert_active", "1 while the alert is firing.", firing.has(rule) ? 1 : 0, { rule }, ["rule"]);
  reg.registerMetric(httpHistogram(http));
  return { body: await reg.metrics(), contentType: reg.contentType };
}
