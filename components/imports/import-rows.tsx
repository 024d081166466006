"use client";
import { useState } from "react";
import { Tabs } from "@/components/tables/table-controls";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { describeApiError } from "@/lib/client/api-error";
import { useImportRows } from "@/lib/client/use-imports";
import type { ImportRow } from "@/lib/schemas/import";

export type RowTab = "invalid" | "needs_attention" | "failed" | "synced" | "pending";
const LABELS: Record<RowTab, string> = {
  invalid: "Invalid",
  needs_attention: "Needs attention",
  failed: "Failed",
  synced: "Synced",
  pending: "Pending",
};

function RowItem({ row }: { row: ImportRow }) {
  const ids = [row.contact_id && `contact ${row.contact_id}`, ...row.deal_ids.map((d) => `deal ${d}`), ...row.ticket_ids.map((t) => `ticket ${t}`)].filter(Boolean);
  return (
    <li className="py-2.5 text-sm" data-testid="import-row">
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-mono text-xs text-slate-500">line {row.line}</span>
        <span className="break-all font-medium text-slate-900">{row.email ?? "no email"}</span>
      </p>
      {row.issues.length ? (
        <ul className="mt-1 space-y-0.5 text-red-700">
          {row.issues.map((i) => (
            <li key={i.field + i.message} className="break-words">
              <span className="font-medium">{i.field}</span>: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      {row.error ? <p className="mt-1 break-words text-orange-900">{row.error}</p> : null}
      {ids.length ? <p className="mt-1 break-words text-xs text-slate-600">{ids.join(" · ")}</p> : null}
    </li>
  );
}

/** An import's rows by state, 20 at a time, in line order. */
export function ImportRows({ importId, tabs, version }: { importId: string; tabs: RowTab[]; version: number }) {
  const [tab, setTab] = useState<RowTab>(tabs[0]);
  const [trail, setTrail] = useState<number[]>([0]);
  const current = tabs.includes(tab) ? tab : tabs[0];
  const q = useImportRows(importId, current, trail[trail.length - 1], version);
  const choose = (t: RowTab) => {
    setTab(t);
    setTrail([0]);
  };
  return (
    <div className="space-y-3">
      {tabs.length > 1 ? <Tabs id="import-rows" label="Rows by state" tabs={tabs.map((t) => ({ value: t, label: LABELS[t] }))} value={current} onChange={choose} /> : null}
      <div id="import-rows-panel" role={tabs.length > 1 ? "tabpanel" : undefined}>
        {q.error ? <Alert tone="error">{describeApiError(q.error)}</Alert> : null}
        {q.isLoading ? <Skeleton className="h-16 w-full" /> : null}
        {q.data && !q.data.results.length ? <p className="text-sm text-slate-500">No {LABELS[current].toLowerCase()} rows.</p> : null}
        {q.data?.results.length ? (
          <ul className="divide-y divide-slate-100" aria-label={`${LABELS[current]} rows`}>
            {q.data.results.map((r) => (
              <RowItem key={r.line} row={r} />
            ))}
          </ul>
        ) : null}
      </div>
      {trail.length > 1 || q.data?.next_after_line ? (
        <div className="flex gap-2">
          <Button size="sm" variant="secondary" disabled={trail.length <= 1} onClick={() => setTrail((t) => t.slice(0, -1))}>
            Previous
          </Button>
          <Button size="sm" variant="secondary" disabled={!q.data?.next_after_line} onClick={() => setTrail((t) => [...t, q.data!.next_after_line!])}>
            Next
          </Button>
        </div>
      ) : null}
    </div>
  );
}
