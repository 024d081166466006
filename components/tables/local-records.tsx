"use client";
import { RecordLink } from "@/components/register/record-link";
import { describeApiError } from "@/lib/client/api-error";
import { currentCursor, nextTrail, parseTrail, previousTrail, trailToParams } from "@/lib/client/cursor-trail";
import { formatDateTime } from "@/lib/client/format-date";
import { useLocalObjects, useLocalObjectsAfter } from "@/lib/client/use-local-objects";
import { enumParam, intParam, PAGE_SIZES, useUrlState } from "@/lib/client/url-state";
import type { LocalObject } from "@/lib/schemas/local-objects";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import { DataTable, type Column } from "./data-table";
import { OffsetPager } from "./offset-pager";
import { CursorPager, PageSizeSelect, Tabs } from "./table-controls";

const MODES = [
  { value: "pages", label: "Page numbers" },
  { value: "keyset", label: "Keyset (large sets)" },
] as const;
const TYPES = ["all", "contacts", "deals", "tickets"] as const;

function columns(links: RecordLinkTarget): Column<LocalObject>[] {
  return [
    { key: "id", header: "#", cell: (r) => <span className="font-mono text-slate-500">{r.id}</span> },
    { key: "type", header: "Type", cell: (r) => <span className="capitalize">{r.object_type.replace(/s$/, "")}</span> },
    { key: "label", header: "Label", cell: (r) => r.label },
    {
      key: "hubspot",
      header: "HubSpot ID",
      cell: (r) => <RecordLink target={links} type={r.object_type} id={r.hubspot_id} />,
    },
    {
      key: "created",
      header: "Created",
      className: "whitespace-nowrap",
      cell: (r) => formatDateTime(r.created_at),
    },
  ];
}

/** References to what this app created: page numbers with totals, or keyset paging; state in the URL. */
export function LocalRecords({ recordLinks }: { recordLinks: RecordLinkTarget }) {
  const { params, set } = useUrlState();
  const mode = enumParam(params.get("mode"), ["pages", "keyset"] as const, "pages");
  const typeParam = enumParam(params.get("type"), TYPES, "all");
  const type = typeParam === "all" ? undefined : typeParam;
  const size = intParam(params.get("size"), 20, 1, 100);
  const page = intParam(params.get("page"), 1, 1, 1_000_000);
  const trail = parseTrail(params.get("page"), params.get("cursors"));

  const offset = useLocalObjects({ page, limit: size, type, enabled: mode === "pages" });
  const keyset = useLocalObjectsAfter({ after: currentCursor(trail), limit: size, type, enabled: mode === "keyset" });
  const active = mode === "pages" ? offset : keyset;
  const reset = { page: undefined, cursors: undefined };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Tabs id="paging" label="Paging mode" tabs={MODES} value={mode} onChange={(m) => set({ mode: m === "pages" ? undefined : m, ...reset })} />
        <div className="flex flex-wrap items-center gap-3">
          <div className="flex items-center gap-2 text-sm">
            <label htmlFor="local-type" className="text-slate-600">
              Type
            </label>
            <select
              id="local-type"
              value={typeParam}
              onChange={(e) => set({ type: e.target.value === "all" ? undefined : e.target.value, ...reset })}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
            >
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t === "all" ? "All" : t[0].toUpperCase() + t.slice(1)}
                </option>
              ))}
            </select>
          </div>
          <PageSizeSelect value={PAGE_SIZES.includes(size as never) ? size : 20} onChange={(n) => set({ size: n === 20 ? undefined : n, ...reset })} />
        </div>
      </div>
      <div id="paging-panel" role="tabpanel" aria-labelledby={`paging-tab-${mode}`} className="space-y-3">
        <DataTable
          caption="Local records"
          columns={columns(recordLinks)}
          rows={active.data?.results}
          rowKey={(r) => r.id}
          isLoading={active.isPending}
          isFetching={active.isFetching}
          error={active.isError ? describeApiError(active.error) : null}
          onRetry={() => active.refetch()}
          skeletonRows={Math.min(size, 8)}
          empty={page === 1 && trail.page === 1 ? "Nothing registered yet." : "Nothing on this page."}
        />
        {mode === "pages" && offset.data ? (
          <OffsetPager
            page={page}
            limit={size}
            totalPages={offset.data.total_pages}
            totalRecords={offset.data.total_records}
            onPage={(p) => set({ page: p === 1 ? undefined : p })}
          />
        ) : null}
        {mode === "keyset" ? (
          <CursorPager
            page={trail.page}
            hasPrevious={trail.page > 1}
            hasNext={Boolean(keyset.data?.next_after) && !keyset.isPlaceholderData}
            busy={keyset.isFetching}
            onPrevious={() => set(trailToParams(previousTrail(trail)))}
            onNext={() => keyset.data?.next_after && set(trailToParams(nextTrail(trail, keyset.data.next_after)))}
          />
        ) : null}
      </div>
    </div>
  );
}
