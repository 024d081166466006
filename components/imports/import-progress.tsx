"use client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { describeApiError } from "@/lib/client/api-error";
import { useImport, useStartImport } from "@/lib/client/use-imports";
import type { ImportStatus } from "@/lib/schemas/import";
import { ImportRows, type RowTab } from "./import-rows";

const n = (v: number) => v.toLocaleString("en-US");

function timeLeft(seconds: number | null) {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${seconds % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Synced, needs attention, failed and pending as one bar of the rows being sent. */
function ProgressBar({ s }: { s: ImportStatus }) {
  const total = Math.max(1, s.synced + s.pending + s.needs_attention + s.failed);
  const part = (v: number) => `${(v / total) * 100}%`;
  const finished = s.synced + s.needs_attention + s.failed;
  return (
    <div
      role="progressbar"
      aria-label="Import progress"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={finished}
      aria-valuetext={`${n(s.synced)} synced, ${n(s.pending)} pending, ${n(s.needs_attention)} need attention, ${n(s.failed)} failed`}
      className="flex h-4 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <span className="bg-emerald-500" style={{ width: part(s.synced) }} />
      <span className="bg-orange-400" style={{ width: part(s.needs_attention) }} />
      <span className="bg-red-500" style={{ width: part(s.failed) }} />
    </div>
  );
}

function Figure({ label, value, tone = "text-slate-900", testId }: { label: string; value: string; tone?: string; testId?: string }) {
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function Validated({ s }: { s: ImportStatus }) {
  const start = useStartImport(s.import_id);
  const valid = s.total_rows - s.invalid_rows;
  return (
    <div className="space-y-3">
      {s.invalid_rows ? (
        <Alert tone="warning" title={`${n(s.invalid_rows)} of ${n(s.total_rows)} rows are not valid`}>
          They are listed below by line and field. Fix the file and choose it again, or import the {n(valid)} valid rows without them.
        </Alert>
      ) : (
        <Alert tone="success" title={`All ${n(s.total_rows)} rows are valid`}>Nothing has been sent to HubSpot yet.</Alert>
      )}
      {start.error ? <Alert tone="error">{describeApiError(start.error)}</Alert> : null}
      <Button disabled={start.isPending || valid === 0} onClick={() => start.mutate(s.invalid_rows > 0)}>
        {start.isPending ? <Spinner /> : null}
        {s.invalid_rows ? `Import ${n(valid)} valid rows, skip ${n(s.invalid_rows)}` : `Import ${n(valid)} rows`}
      </Button>
    </div>
  );
}

function Sending({ s }: { s: ImportStatus }) {
  return (
    <div className="space-y-4">
      <ProgressBar s={s} />
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Figure label="Synced" value={n(s.synced)} tone="text-emerald-700" testId="import-synced" />
        <Figure label="Pending" value={n(s.pending)} testId="import-pending" />
        <Figure label="Needs attention" value={n(s.needs_attention)} tone="text-orange-700" testId="import-needs-attention" />
        <Figure label="Failed" value={n(s.failed)} tone="text-red-700" testId="import-failed" />
        <Figure label="Rows per second" value={s.rows_per_second.toFixed(1)} />
        <Figure label="Time left" value={s.status === "done" ? "done" : timeLeft(s.seconds_left)} />
        {s.invalid_rows ? <Figure label="Skipped (invalid)" value={n(s.invalid_rows)} /> : null}
      </dl>
      <a href={`/api/imports/${s.import_id}/results.csv`} download className={buttonClasses("secondary")} data-testid="import-results">
        Download results (CSV)
      </a>
    </div>
  );
}

function rowTabs(s: ImportStatus): RowTab[] {
  if (s.status === "validated") return s.invalid_rows ? ["invalid"] : [];
  return [...(s.needs_attention ? (["needs_attention"] as const) : []), ...(s.failed ? (["failed"] as const) : []), "synced", ...(s.invalid_rows ? (["invalid"] as const) : []), "pending"];
}

const HEADINGS: Record<ImportStatus["status"], string> = {
  validating: "Checking every row…",
  validated: "Checked; ready to import",
  running: "Importing",
  done: "Import finished",
};

/** An import as stored (so it survives a reload and shows the same to every staff member): checks, progress, rows, results. */
export function ImportProgress({ importId, onNew }: { importId: string; onNew: () => void }) {
  const q = useImport(importId);
  if (q.error) return <Alert tone="error" title="Could not load this import">{describeApiError(q.error)}</Alert>;
  const s = q.data;
  if (!s) return <Skeleton className="h-40 w-full" />;
  const tabs = rowTabs(s);
  return (
    <div className="space-y-5">
      <Card
        title={<span data-testid="import-heading">{HEADINGS[s.status]}</span>}
        description={`${s.file_name ?? "Uploaded file"} · ${n(s.total_rows)} rows${s.unmapped_columns.length ? ` · left out: ${s.unmapped_columns.join(", ")}` : ""}`}
        actions={<Button variant="secondary" size="sm" onClick={onNew}>Import another file</Button>}
      >
        {s.status === "validating" ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Spinner /> The file is being read and every row checked; nothing is sent yet.
          </p>
        ) : s.status === "validated" ? (
          <Validated s={s} />
        ) : (
          <Sending s={s} />
        )}
      </Card>
      {tabs.length ? (
        <Card title="Rows">
          <ImportRows key={s.status} importId={importId} tabs={tabs} version={s.synced + s.needs_attention + s.failed} />
        </Card>
      ) : null}
    </div>
  );
}
