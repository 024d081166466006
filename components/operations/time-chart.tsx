"use client";
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
  /** A dashed line (limits such as the budget). */
  isDashed?: boolean;
  /** Draw each value as a dot too (sparse series, where a minute alone would draw no line). */
  hasPoints?: boolean;
}

/**
 * A time-series chart drawn by uPlot (a small canvas charting library), as wide as its container
 * and redrawn when the data changes. Loaded only by the operations page (next/dynamic).
 */
export default function TimeChart({ times, series, yLabel, height = 180 }: { times: number[]; series: ChartSeries[]; yLabel: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.1)] } },
      axes: [{ stroke: "#64748b", grid: { stroke: "#f1f5f9" } }, { stroke: "#64748b", grid: { stroke: "#f1f5f9" }, label: yLabel, size: 48, labelSize: 14 }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.isDashed ? [6, 4] : undefined, points: { show: Boolean(s.hasPoints), size: 5, fill: s.color } }))],
    };
    plot.current = new uPlot(opts, [times, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is rebuilt when its shape changes; new values alone only replace the data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series.length, yLabel, height]);

  useEffect(() => {
    plot.current?.setData([times, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [times, series]);

  return (
    <div>
      <div ref={box} className="w-full overflow-hidden" aria-hidden="true" />
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label} className="flex items-center gap-1.5">
            <span className="inline-block h-0.5 w-4" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
