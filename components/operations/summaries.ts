import type { OperationsOverview } from "@/lib/schemas/operations";

/** The text summary beside each chart (screen readers, and anyone who would rather read). */

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)} %` : "0 %");

export function formatDuration(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function budgetSummary(o: OperationsOverview): string {
  const peak = Math.max(0, ...o.budget.windows.map((w) => w.calls));
  const seconds = o.budget.intervalMs / 1000;
  return `Last hour: at most ${peak} HubSpot calls in a 10-second bucket (${pct(peak, o.budget.max)} of this deployment's ${o.budget.max} per ${seconds} s; the portal allows ${o.budget.portalMax}${o.budget.isLearnt ? ", as HubSpot told" : ", assumed until HubSpot tells"}). Current window: ${o.budget.usedNow} calls.`;
}

export function registrationsSummary(o: OperationsOverview): string {
  const r = o.registrations;
  const received = sum(r.map((m) => m.received));
  return `Last hour: ${received} received; ${sum(r.map((m) => m.syncedAtOnce))} synced at once, ${sum(r.map((m) => m.acceptedForLater))} accepted for later, ${sum(r.map((m) => m.syncedLater))} synced later, ${sum(r.map((m) => m.needsAttention))} needing attention.`;
}

export function latencySummary(o: OperationsOverview): string {
  const withData = o.latency.filter((m) => m.count > 0);
  if (!withData.length) return "No registration synced in the last hour.";
  const last = withData[withData.length - 1];
  const worst = Math.max(...withData.map((m) => m.p95Ms ?? 0));
  return `${sum(withData.map((m) => m.count))} synced in the last hour. Latest minute: median ${formatDuration(last.p50Ms)}, 95th percentile ${formatDuration(last.p95Ms)}. Worst 95th percentile: ${formatDuration(worst)}.`;
}

export function answersSummary(o: OperationsOverview): string {
  const a = o.answers;
  const ok = sum(a.map((m) => m.ok));
  const errors = sum(a.map((m) => m.rateLimited + m.serverError + m.clientError + m.network));
  return `Last hour: ${ok + errors} HubSpot answers; ${ok} 2xx, ${sum(a.map((m) => m.rateLimited))} 429, ${sum(a.map((m) => m.serverError))} 5xx, ${sum(a.map((m) => m.clientError))} other 4xx, ${sum(a.map((m) => m.network))} without answer (${pct(errors, ok + errors)} errors); ${sum(a.map((m) => m.retries))} retries.`;
}
