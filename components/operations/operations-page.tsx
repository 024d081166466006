"use client";
import { useMemo } from "react";
import { useOperations } from "@/lib/client/use-operations";
import type { OperationsOverview } from "@/lib/schemas/operations";
import { ChartCard } from "./chart-card";
import { ConnectionCard } from "./connection-card";
import { StatTiles } from "./stat-tiles";
import { answersSummary, budgetSummary, latencySummary, registrationsSummary } from "./summaries";

const seconds = (rows: { at: string }[]) => rows.map((r) => Date.parse(r.at) / 1000);

/** The dashboard's home: the sync at a glance, refreshed every few seconds. */
export function OperationsPage({ initial }: { initial: OperationsOverview }) {
  const { data: o, isError, dataUpdatedAt } = useOperations(initial);
  const charts = useMemo(() => {
    const minutes = seconds(o.registrations);
    return {
      budget: {
        times: seconds(o.budget.windows),
        series: [
          { label: "Calls per 10 s", color: "#2563eb", values: o.budget.windows.map((w) => w.calls) },
          { label: `This deployment's budget (${o.budget.max})`, color: "#dc2626", isDashed: true, values: o.budget.windows.map(() => (o.budget.max * 10_000) / o.budget.intervalMs) },
        ],
      },
      registrations: {
        times: minutes,
        series: [
          { label: "Synced at once", color: "#059669", values: o.registrations.map((m) => m.syncedAtOnce) },
          { label: "Accepted for later", color: "#d97706", values: o.registrations.map((m) => m.acceptedForLater) },
          { label: "Synced later", color: "#2563eb", values: o.registrations.map((m) => m.syncedLater) },
          { label: "Needs attention", color: "#dc2626", values: o.registrations.map((m) => m.needsAttention) },
        ],
      },
      latency: {
        times: minutes,
        series: [
          { label: "Median", color: "#2563eb", hasPoints: true, values: o.latency.map((m) => (m.p50Ms === null ? null : m.p50Ms / 1000)) },
          { label: "95th percentile", color: "#7c3aed", hasPoints: true, values: o.latency.map((m) => (m.p95Ms === null ? null : m.p95Ms / 1000)) },
        ],
      },
      answers: {
        times: minutes,
        series: [
          { label: "2xx", color: "#059669", values: o.answers.map((m) => m.ok) },
          { label: "429", color: "#d97706", values: o.answers.map((m) => m.rateLimited) },
          { label: "5xx", color: "#dc2626", values: o.answers.map((m) => m.serverError) },
          { label: "4xx", color: "#7c3aed", values: o.answers.map((m) => m.clientError) },
          { label: "No answer", color: "#475569", values: o.answers.map((m) => m.network) },
          { label: "Retries", color: "#0891b2", isDashed: true, values: o.answers.map((m) => m.retries) },
        ],
      },
    };
  }, [o]);
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-500" aria-live="polite">
        {isError ? "Could not refresh; showing the last data. " : ""}Updated {new Date(dataUpdatedAt).toLocaleTimeString()}, every 5 s.
      </p>
      <StatTiles o={o} />
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard title="Rate budget per 10 seconds" summary={budgetSummary(o)} yLabel="calls" {...charts.budget} />
        <ChartCard title="Registrations per minute" summary={registrationsSummary(o)} yLabel="registrations" {...charts.registrations} />
        <ChartCard title="Submission to synced" summary={latencySummary(o)} yLabel="seconds" {...charts.latency} />
        <ChartCard title="HubSpot answers per minute" summary={answersSummary(o)} yLabel="answers" {...charts.answers} />
      </div>
      <ConnectionCard c={o.connection} />
    </div>
  );
}
