import type { OperationsOverview } from "@/lib/schemas/operations";
import { formatDuration } from "./summaries";

function Tile({ label, value, detail, tone = "ok" }: { label: string; value: string; detail?: string; tone?: "ok" | "warn" }) {
  return (
    <div className={`rounded-lg border p-4 ${tone === "warn" ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900">{value}</dd>
      {detail ? <dd className="mt-0.5 text-xs text-slate-600">{detail}</dd> : null}
    </div>
  );
}

const atLeast = (n: number, cap: number) => (n >= cap ? `${cap.toLocaleString()}+` : n.toLocaleString());

/** The numbers that say at a glance whether anything is stuck or running out. */
export function StatTiles({ o }: { o: OperationsOverview }) {
  const { queue, budget, daily } = o;
  const dailyShare = daily && daily.limit ? daily.remaining / daily.limit : null;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Tile label="Pending" value={atLeast(queue.pending, queue.countCap)} detail={`oldest ${queue.oldestPendingAgeSeconds === null ? "–" : formatDuration(queue.oldestPendingAgeSeconds * 1000)}`} />
      <Tile label="Needs attention" value={atLeast(queue.needsAttention, queue.countCap)} detail="or partial" tone={queue.needsAttention ? "warn" : "ok"} />
      <Tile label="Rate window" value={`${budget.usedNow} / ${budget.max}`} detail={`calls per ${budget.intervalMs / 1000} s`} tone={budget.usedNow >= budget.max ? "warn" : "ok"} />
      <Tile
        label="Daily calls"
        value={daily ? `${daily.remaining.toLocaleString()} left` : "not reported"}
        detail={
          daily
            ? `${daily.used.toLocaleString()} of ${daily.limit.toLocaleString()} used; ${daily.projectedUsed.toLocaleString()} by the end of the UTC day at this pace`
            : "HubSpot sends the daily headers on private-app calls only"
        }
        tone={dailyShare !== null && (dailyShare < 0.1 || daily!.projectedUsed > daily!.limit) ? "warn" : "ok"}
      />
    </dl>
  );
}
