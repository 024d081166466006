"use client";
import Link from "next/link";
import { useCallback } from "react";
import { describeApiError } from "@/lib/client/api-error";
import { currentCursor, nextTrail, parseTrail, previousTrail, trailToParams } from "@/lib/client/cursor-trail";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import { useCrmObjects, type CrmObjectsSource } from "@/lib/client/use-crm-objects";
import { enumParam, intParam, PAGE_SIZES, useUrlState } from "@/lib/client/url-state";
import { CRM_OBJECT_TYPES, MIRROR_SORT_KEYS } from "@/lib/schemas/constants";
import { DataTable, type TableSort } from "./data-table";
import { useColumns } from "./hubspot-columns";
import { LastSynced, SearchBox, SourceToggle } from "./mirror-controls";
import { CursorPager, PageSizeSelect, Tabs } from "./table-controls";

const TABS = [
  { value: "contacts", label: "Contacts" },
  { value: "deals", label: "Deals" },
  { value: "tickets", label: "Tickets" },
] as const;

const SEARCH_HINT = { contacts: "Name or email", deals: "Deal name", tickets: "Ticket subject" } as const;
const RESET_PAGING = { page: undefined, cursors: undefined };

/**
 * HubSpot's contacts, deals and tickets: from the local mirror by default (search, sortable
 * headers, "last synced"), or live from HubSpot; tabs, cursor paging both ways, all state in the URL.
 */
export function HubSpotObjects({ recordLinks }: { recordLinks: RecordLinkTarget }) {
  const { params, set } = useUrlState();
  const type = enumParam(params.get("tab"), CRM_OBJECT_TYPES, "contacts");
  const source = enumParam<CrmObjectsSource>(params.get("source"), ["mirror", "live"], "mirror");
  const isMirror = source === "mirror";
  const q = params.get("q") ?? "";
  const sortParam = params.get("sort") ?? "";
  const sortKey = sortParam.replace(/^-/, "");
  const sort = isMirror && (MIRROR_SORT_KEYS[type] as readonly string[]).includes(sortKey) ? sortParam : undefined;
  const size = intParam(params.get("size"), 20, 1, 100);
  const trail = parseTrail(params.get("page"), params.get("cursors"));
  const query = useCrmObjects({ type, limit: size, after: currentCursor(trail), source, q: isMirror && q.trim() ? q : undefined, sort });
  const columns = useColumns(type, recordLinks);
  const nextAfter = query.data?.nextAfter ?? null;
  const onSearch = useCallback((text: string) => set({ q: text || undefined, ...RESET_PAGING }, "replace"), [set]);
  const sortedBy = sort ? sortKey : "id";
  const isDescending = Boolean(sort?.startsWith("-"));
  // A header click sorts by it; a second click on it reverses the order.
  const onSort = (key: string) => {
    const next = key === sortedBy && !isDescending ? `-${key}` : key;
    set({ sort: next === "id" ? undefined : next, ...RESET_PAGING });
  };
  const tableSort: TableSort | undefined = isMirror ? { key: sortedBy, isDescending, onSort } : undefined;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Tabs
          id="crm"
          label="Object type"
          tabs={TABS}
          value={type}
          onChange={(tab) => set({ tab: tab === "contacts" ? undefined : tab, sort: undefined, ...RESET_PAGING })}
        />
        <SourceToggle value={source} onChange={(v) => set({ source: v === "mirror" ? undefined : v, ...RESET_PAGING })} />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        {isMirror ? <SearchBox value={q} onSearch={onSearch} placeholder={SEARCH_HINT[type]} /> : <p className="text-xs text-slate-500">Read from HubSpot, one call per page.</p>}
        <PageSizeSelect
          value={PAGE_SIZES.includes(size as never) ? size : 20}
          onChange={(n) => set({ size: n === 20 ? undefined : n, ...RESET_PAGING })}
        />
      </div>
      {isMirror ? <LastSynced at={query.data?.lastSyncedAt} /> : null}
      <div id="crm-panel" role="tabpanel" aria-labelledby={`crm-tab-${type}`} className="space-y-3">
        <DataTable
          caption={`HubSpot ${type}${isMirror ? " (local mirror)" : ""}, page ${trail.page}`}
          columns={columns}
          rows={query.data?.results}
          rowKey={(r) => r.id}
          isLoading={query.isPending}
          isFetching={query.isFetching}
          error={query.isError ? describeApiError(query.error) : null}
          onRetry={() => query.refetch()}
          skeletonRows={Math.min(size, 8)}
          sort={tableSort}
          empty={
            isMirror && q.trim() ? (
              `No ${type} match “${q.trim()}”.`
            ) : trail.page === 1 ? (
              <>
                No {type} in HubSpot yet.{" "}
                <Link href="/register" className="font-medium text-brand-700 underline">
                  Register one
                </Link>
                .
              </>
            ) : (
              "Nothing on this page."
            )
          }
        />
        <CursorPager
          page={trail.page}
          hasPrevious={trail.page > 1}
          hasNext={Boolean(nextAfter) && !query.isPlaceholderData}
          busy={query.isFetching}
          onPrevious={() => set(trailToParams(previousTrail(trail)))}
          onNext={() => nextAfter && set(trailToParams(nextTrail(trail, nextAfter)))}
        />
      </div>
    </div>
  );
}
