"use client";
import Link from "next/link";
import { RecordLink } from "@/components/register/record-link";
import { describeApiError } from "@/lib/client/api-error";
import { currentCursor, nextTrail, parseTrail, previousTrail, trailToParams } from "@/lib/client/cursor-trail";
import { formatDateTime } from "@/lib/client/format-date";
import { useCrmObjects } from "@/lib/client/use-crm-objects";
import { usePipelines } from "@/lib/client/use-form-options";
import { enumParam, intParam, PAGE_SIZES, useUrlState } from "@/lib/client/url-state";
import { CRM_OBJECT_TYPES, type CrmObjectType } from "@/lib/schemas/constants";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import { DataTable, type Column } from "./data-table";
import { CursorPager, PageSizeSelect, Tabs } from "./table-controls";

type HubSpotRow = { id: string; properties: Record<string, string | null>; createdAt: string };

const TABS = [
  { value: "contacts", label: "Contacts" },
  { value: "deals", label: "Deals" },
  { value: "tickets", label: "Tickets" },
] as const;

const text = (v: string | null | undefined) => (v ? v : <span className="text-slate-400">—</span>);

function useStageLabels(type: "deals" | "tickets") {
  const { data } = usePipelines(type);
  const labels = new Map<string, string>();
  for (const p of data ?? []) for (const s of p.stages) labels.set(`${p.id}/${s.id}`, s.label);
  return (pipeline: string | null | undefined, stage: string | null | undefined) =>
    labels.get(`${pipeline}/${stage}`) ?? stage ?? null;
}

function useColumns(type: CrmObjectType, links: RecordLinkTarget): Column<HubSpotRow>[] {
  const dealStage = useStageLabels("deals");
  const ticketStage = useStageLabels("tickets");
  const id: Column<HubSpotRow> = {
    key: "id",
    header: "ID",
    cell: (r) => <RecordLink target={links} type={type} id={r.id} />,
  };
  const created: Column<HubSpotRow> = { key: "created", header: "Created", cell: (r) => formatDateTime(r.createdAt), className: "whitespace-nowrap" };
  const p = (r: HubSpotRow, k: string) => r.properties[k];
  if (type === "contacts") {
    return [
      id,
      { key: "email", header: "Email", cell: (r) => text(p(r, "email")) },
      { key: "name", header: "Name", cell: (r) => text([p(r, "firstname"), p(r, "lastname")].filter(Boolean).join(" ")) },
      { key: "phone", header: "Phone", cell: (r) => text(p(r, "phone")), className: "whitespace-nowrap" },
      created,
    ];
  }
  if (type === "deals") {
    return [
      id,
      { key: "dealname", header: "Deal", cell: (r) => text(p(r, "dealname")) },
      { key: "amount", header: "Amount", cell: (r) => text(p(r, "amount")), className: "text-right tabular-nums" },
      { key: "stage", header: "Stage", cell: (r) => text(dealStage(p(r, "pipeline"), p(r, "dealstage"))) },
      created,
    ];
  }
  return [
    id,
    { key: "subject", header: "Subject", cell: (r) => text(p(r, "subject")) },
    { key: "priority", header: "Priority", cell: (r) => text(p(r, "hs_ticket_priority")) },
    { key: "category", header: "Category", cell: (r) => text(p(r, "hs_ticket_category")) },
    { key: "stage", header: "Stage", cell: (r) => text(ticketStage(p(r, "hs_pipeline"), p(r, "hs_pipeline_stage"))) },
    created,
  ];
}

/** HubSpot's contacts, deals and tickets: tabs, cursor paging both ways, all state in the URL. */
export function HubSpotObjects({ recordLinks }: { recordLinks: RecordLinkTarget }) {
  const { params, set } = useUrlState();
  const type = enumParam(params.get("tab"), CRM_OBJECT_TYPES, "contacts");
  const size = intParam(params.get("size"), 20, 1, 100);
  const trail = parseTrail(params.get("page"), params.get("cursors"));
  const query = useCrmObjects({ type, limit: size, after: currentCursor(trail) });
  const columns = useColumns(type, recordLinks);
  const nextAfter = query.data?.nextAfter ?? null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Tabs
          id="crm"
          label="Object type"
          tabs={TABS}
          value={type}
          onChange={(tab) => set({ tab: tab === "contacts" ? undefined : tab, page: undefined, cursors: undefined })}
        />
        <PageSizeSelect
          value={PAGE_SIZES.includes(size as never) ? size : 20}
          onChange={(n) => set({ size: n === 20 ? undefined : n, page: undefined, cursors: undefined })}
        />
      </div>
      <div id="crm-panel" role="tabpanel" aria-labelledby={`crm-tab-${type}`} className="space-y-3">
        <DataTable
          caption={`HubSpot ${type}, page ${trail.page}`}
          columns={columns}
          rows={query.data?.results}
          rowKey={(r) => r.id}
          isLoading={query.isPending}
          isFetching={query.isFetching}
          error={query.isError ? describeApiError(query.error) : null}
          onRetry={() => query.refetch()}
          skeletonRows={Math.min(size, 8)}
          empty={
            trail.page === 1 ? (
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
