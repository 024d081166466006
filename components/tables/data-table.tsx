import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SkeletonRows } from "@/components/ui/skeleton";

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** Which column the rows are sorted by, and the header buttons that change it (omit: not sortable). */
export interface TableSort {
  key: string;
  isDescending: boolean;
  onSort: (key: string) => void;
}

function SortButton({ label, state, onClick }: { label: string; state: "ascending" | "descending" | "none"; onClick: () => void }) {
  const arrow = state === "ascending" ? "▲" : state === "descending" ? "▼" : "↕";
  return (
    <button type="button" onClick={onClick} className="inline-flex items-center gap-1 font-semibold hover:text-brand-700">
      {label}
      <span aria-hidden="true" className={state === "none" ? "text-slate-400" : "text-brand-700"}>
        {arrow}
      </span>
    </button>
  );
}

/** A table with its loading (skeleton rows), empty and error states. */
export function DataTable<T>({ caption, columns, rows, rowKey, isLoading, isFetching, error, onRetry, empty, skeletonRows = 5, sort }: {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  isLoading: boolean;
  isFetching?: boolean;
  error?: string | null;
  onRetry?: () => void;
  empty: ReactNode;
  skeletonRows?: number;
  sort?: TableSort;
}) {
  if (error) {
    return (
      <Alert tone="error" title="Could not load this page">
        <p>{error}</p>
        {onRetry ? (
          <Button variant="secondary" size="sm" className="mt-2" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Alert>
    );
  }
  const isEmpty = !isLoading && rows !== undefined && rows.length === 0;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-busy={isLoading || isFetching}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => {
              const state = sort?.key === c.key ? (sort.isDescending ? "descending" : "ascending") : "none";
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sort ? state : undefined}
                  className={`whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700 ${c.className ?? ""}`}
                >
                  {sort ? <SortButton label={c.header} state={state} onClick={() => sort.onSort(c.key)} /> : c.header}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className={`divide-y divide-slate-100 ${isFetching && !isLoading ? "opacity-60" : ""}`}>
          {isLoading ? <SkeletonRows rows={skeletonRows} columns={columns.length} /> : null}
          {isEmpty ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-10 text-center text-slate-500" data-testid="empty-state">
                {empty}
              </td>
            </tr>
          ) : null}
          {!isLoading &&
            rows?.map((row) => (
              <tr key={rowKey(row)} className="hover:bg-slate-50">
                {columns.map((c) => (
                  <td key={c.key} className={`px-3 py-2 align-top ${c.className ?? ""}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
