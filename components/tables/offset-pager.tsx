"use client";

/** Page numbers around the current one, with the first and last always shown: 1 … 4 5 6 … 20. */
export function pageWindow(page: number, totalPages: number, radius = 1): (number | "gap")[] {
  const pages = new Set([1, totalPages]);
  for (let p = page - radius; p <= page + radius; p++) if (p >= 1 && p <= totalPages) pages.add(p);
  const sorted = [...pages].filter((p) => p >= 1).sort((a, b) => a - b);
  return sorted.flatMap((p, i) => (i > 0 && p - sorted[i - 1] > 1 ? ["gap" as const, p] : [p]));
}

/** Numbered pages with totals: "Showing 21–40 of 95". */
export function OffsetPager({ page, limit, totalPages, totalRecords, onPage }: {
  page: number;
  limit: number;
  totalPages: number;
  totalRecords: number;
  onPage: (p: number) => void;
}) {
  const from = totalRecords === 0 ? 0 : Math.min((page - 1) * limit + 1, totalRecords);
  const to = Math.min(page * limit, totalRecords);
  const btn = "min-w-9 rounded-md border px-2.5 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:text-slate-400";
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-600" data-testid="page-totals">
        Showing {from}–{to} of {totalRecords} · page {page} of {Math.max(totalPages, 1)}
      </p>
      <ul className="flex flex-wrap items-center gap-1">
        <li>
          <button type="button" className={`${btn} border-slate-300 bg-white`} disabled={page <= 1} onClick={() => onPage(page - 1)}>
            <span aria-hidden="true">←</span>
            <span className="sr-only">Previous page</span>
          </button>
        </li>
        {pageWindow(page, Math.max(totalPages, 1)).map((p, i) =>
          p === "gap" ? (
            <li key={`gap-${i}`} className="px-1 text-slate-400" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <button
                type="button"
                aria-current={p === page ? "page" : undefined}
                aria-label={`Page ${p}`}
                className={`${btn} ${p === page ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white"}`}
                onClick={() => onPage(p)}
              >
                {p}
              </button>
            </li>
          ),
        )}
        <li>
          <button type="button" className={`${btn} border-slate-300 bg-white`} disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
            <span aria-hidden="true">→</span>
            <span className="sr-only">Next page</span>
          </button>
        </li>
      </ul>
    </nav>
  );
}
