"use client";
import Link from "next/link";
import { DataTable } from "@/components/tables/data-table";
import { CursorPager, PageSizeSelect, Tabs } from "@/components/tables/table-controls";
import { describeApiError } from "@/lib/client/api-error";
import { currentCursor, nextTrail, parseTrail, previousTrail, trailToParams } from "@/lib/client/cursor-trail";
import { registrationIdParam } from "@/lib/client/registration-view";
import { useRegistrations, useRetryRegistration } from "@/lib/client/use-registrations";
import { enumParam, intParam, PAGE_SIZES, useUrlState } from "@/lib/client/url-state";
import { REGISTRATION_STATUSES } from "@/lib/schemas/constants";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import { registrationColumns } from "./registration-columns";
import { RegistrationDetails } from "./registration-details";
import { RetryNotice } from "./retry-notice";

const FILTERS = [
  { value: "all", label: "All" },
  { value: "pending", label: "Pending" },
  { value: "synced", label: "Synced" },
  { value: "partial", label: "Partial" },
  { value: "needs_attention", label: "Needs attention" },
  { value: "failed", label: "Failed" },
] as const;
const FILTER_VALUES = ["all", ...REGISTRATION_STATUSES] as const;

/**
 * Every stored registration, newest first: pending (refreshing itself), synced (with the HubSpot
 * ids) or failed (with the reason); filter, page size, older/newer paging and the open
 * registration live in the URL.
 */
export function Registrations({ recordLinks }: { recordLinks: RecordLinkTarget }) {
  const { params, set } = useUrlState();
  const filter = enumParam(params.get("status"), FILTER_VALUES, "all");
  const size = intParam(params.get("size"), 20, 1, 100);
  const trail = parseTrail(params.get("page"), params.get("cursors"));
  const openId = registrationIdParam(params.get("id"));
  const list = useRegistrations({ status: filter === "all" ? undefined : filter, limit: size, before: currentCursor(trail) });
  const retry = useRetryRegistration();
  const nextBefore = list.data?.next_before ?? null;
  const detailsHref = (id: string) => {
    const q = new URLSearchParams(params.toString());
    q.set("id", id);
    return `/registrations?${q}`;
  };
  const reset = { page: undefined, cursors: undefined };
  const filterLabel = FILTERS.find((f) => f.value === filter)?.label ?? "All";

  return (
    <div className="space-y-4">
      <RetryNotice retry={retry} detailsHref={detailsHref} />
      {openId ? <RegistrationDetails id={openId} links={recordLinks} retry={retry} onClose={() => set({ id: undefined })} /> : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Tabs
          id="registrations"
          label="State"
          tabs={FILTERS}
          value={filter}
          onChange={(v) => set({ status: v === "all" ? undefined : v, ...reset })}
        />
        <PageSizeSelect
          value={PAGE_SIZES.includes(size as never) ? size : 20}
          onChange={(n) => set({ size: n === 20 ? undefined : n, ...reset })}
        />
      </div>
      <div id="registrations-panel" role="tabpanel" aria-labelledby={`registrations-tab-${filter}`} className="space-y-3">
        <DataTable
          caption={`Registrations (${filterLabel.toLowerCase()}), newest first, page ${trail.page}`}
          columns={registrationColumns({ links: recordLinks, retry, now: list.dataUpdatedAt, detailsHref })}
          rows={list.data?.results}
          rowKey={(r) => r.registration_id}
          isLoading={list.isPending}
          isFetching={list.isFetching && list.isPlaceholderData}
          error={list.isError ? describeApiError(list.error) : null}
          onRetry={() => list.refetch()}
          skeletonRows={Math.min(size, 8)}
          empty={
            trail.page > 1 ? (
              "Nothing older."
            ) : filter === "all" ? (
              <>
                Nothing registered yet.{" "}
                <Link href="/register" className="font-medium text-brand-700 underline">
                  Register a contact
                </Link>
                .
              </>
            ) : (
              `No ${filter} registrations.`
            )
          }
        />
        <CursorPager
          page={trail.page}
          hasPrevious={trail.page > 1}
          hasNext={Boolean(nextBefore) && !list.isPlaceholderData}
          busy={list.isFetching && list.isPlaceholderData}
          previousLabel="← Newer"
          nextLabel="Older →"
          onPrevious={() => set(trailToParams(previousTrail(trail)))}
          onNext={() => nextBefore && set(trailToParams(nextTrail(trail, nextBefore)))}
        />
      </div>
    </div>
  );
}
