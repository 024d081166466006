"use client";
import dynamic from "next/dynamic";
import { useId } from "react";
import type { ChartSeries } from "./time-chart";
import { Skeleton } from "@/components/ui/skeleton";

/** The charting library is downloaded by the operations page only, after its first paint. */
const TimeChart = dynamic(() => import("./time-chart"), { ssr: false, loading: () => <Skeleton className="h-44 w-full" /> });

/** A chart with its title and its text summary (the figure's caption, read by screen readers). */
export function ChartCard({ title, summary, times, series, yLabel }: { title: string; summary: string; times: number[]; series: ChartSeries[]; yLabel: string }) {
  const titleId = useId();
  return (
    <figure aria-labelledby={titleId} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <h2 id={titleId} className="text-sm font-semibold text-slate-900">
        {title}
      </h2>
      <figcaption className="mt-1 text-sm text-slate-600">{summary}</figcaption>
      <div className="mt-3">
        <TimeChart times={times} series={series} yLabel={yLabel} />
      </div>
    </figure>
  );
}
