import "server-only";
import type { ImportJob } from "@/lib/generated/prisma/client";
import type { FieldIssue } from "@/lib/schemas/error";
import type { ImportRow, ImportStatus } from "@/lib/schemas/import";
import type { ImportMapping } from "@/lib/schemas/import-fields";
import { db, sqlPool } from "../../db";
import { FINISH_IMPORTS_SQL, IMPORT_LINKED_COUNTS_SQL, IMPORT_OWN_COUNTS_SQL, IMPORT_ROWS_SQL } from "./import-sql";

interface Counts {
  synced: number;
  pending: number;
  needs_attention: number;
  failed: number;
}

/**
 * Counted from the import's own registrations (an index scan); through its rows only when some were
 * linked to another import's registrations. Valid rows not registered yet (the start registers them
 * in chunks) are pending.
 */
async function countRows(job: ImportJob): Promise<Counts> {
  const linked = job.linkedRows > 0;
  const { rows } = await sqlPool().query<{ status: string; n: number }>(linked ? IMPORT_LINKED_COUNTS_SQL : IMPORT_OWN_COUNTS_SQL, [job.id]);
  const n = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  const c = { synced: n("synced"), needs_attention: n("needs_attention") + n("partial"), failed: n("failed") };
  return { ...c, pending: job.totalRows - job.invalidRows - c.synced - c.needs_attention - c.failed };
}

/** Recent (time, synced) samples per import in this process: the rate over the last ~10 s. */
const samples = new Map<string, { at: number; synced: number }[]>();
const WINDOW_MS = 10_000;

function ratePerSecond(job: ImportJob, synced: number): number {
  const now = Date.now();
  const kept = [...(samples.get(job.id) ?? []).filter((s) => now - s.at <= WINDOW_MS), { at: now, synced }].slice(-30);
  samples.delete(job.id);
  samples.set(job.id, kept);
  if (samples.size > 100) samples.delete(samples.keys().next().value!);
  const first = kept[0];
  if (now - first.at >= 2_000) return ((synced - first.synced) * 1000) / (now - first.at);
  // No history here yet (the first look from this process): the average since the start.
  const since = job.startedAt ? (now - job.startedAt.getTime()) / 1000 : 0;
  return since > 1 && job.status === "running" ? synced / since : 0;
}

/** A finished import's rows per second, from its start to its end. */
function averageRate(job: ImportJob, synced: number): number {
  if (!job.startedAt || !job.finishedAt) return 0;
  const seconds = (job.finishedAt.getTime() - job.startedAt.getTime()) / 1000;
  return seconds > 0 ? synced / seconds : 0;
}

/** Where an import stands; a running import with nothing pending is done. */
export async function getImportStatus(job: ImportJob): Promise<ImportStatus> {
  const c = await countRows(job);
  const isStarted = job.status === "running" || job.status === "done";
  if (job.status === "running" && c.pending <= 0) {
    const done = await sqlPool().query(FINISH_IMPORTS_SQL, [job.id]);
    if (done.rowCount) job = await db.importJob.findUniqueOrThrow({ where: { id: job.id } });
  }
  const pending = isStarted ? Math.max(0, c.pending) : 0;
  const rate = job.status === "running" ? ratePerSecond(job, c.synced) : averageRate(job, c.synced);
  return {
    import_id: job.id,
    status: job.status as ImportStatus["status"],
    file_name: job.fileName,
    columns: job.columns,
    mapping: job.mapping as ImportMapping,
    unmapped_columns: job.unmappedColumns,
    total_rows: job.totalRows,
    invalid_rows: job.invalidRows,
    skip_invalid: job.skipInvalid,
    synced: c.synced,
    pending,
    needs_attention: c.needs_attention,
    failed: c.failed,
    rows_per_second: Math.round(rate * 10) / 10,
    seconds_left: pending === 0 ? 0 : rate > 0 ? Math.ceil(pending / rate) : null,
    created_at: job.createdAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
  };
}

interface RowRecord {
  line: number;
  email: string | null;
  issues: FieldIssue[] | null;
  is_valid: boolean;
  registration_id: string | null;
  status: string | null;
  contact_id: string | null;
  deal_ids: string[] | null;
  ticket_ids: string[] | null;
  last_error: string | null;
}

const toRow = (r: RowRecord): ImportRow => ({
  line: r.line,
  state: (r.is_valid ? (r.status ?? "staged") : "invalid") as ImportRow["state"],
  email: r.email,
  issues: r.issues ?? [],
  registration_id: r.registration_id,
  contact_id: r.contact_id,
  deal_ids: r.deal_ids ?? [],
  ticket_ids: r.ticket_ids ?? [],
  error: r.status === "synced" ? null : r.last_error,
});

/** Rows after `afterLine`, in line order, optionally of one state (keyset paging by line). */
export async function listImportRows(importId: string, { state, afterLine = 0, limit }: { state?: string; afterLine?: number; limit: number }) {
  const { rows } = await sqlPool().query<RowRecord>(IMPORT_ROWS_SQL, [importId, afterLine, limit + 1, state ?? null]);
  const page = rows.slice(0, limit).map(toRow);
  return { results: page, next_after_line: rows.length > limit ? page[page.length - 1].line : null };
}

/** Imports left running with nothing pending are done (the worker's feeder asks when it runs dry). */
export async function finishDrainedImports(): Promise<number> {
  const { rowCount } = await sqlPool().query(FINISH_IMPORTS_SQL, [null]);
  return rowCount ?? 0;
}
