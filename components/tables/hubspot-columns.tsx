"use client";
import { RecordLink } from "@/components/register/record-link";
import { formatDateTime } from "@/lib/client/format-date";
import { usePipelines } from "@/lib/client/use-form-options";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import type { Column } from "./data-table";

export type HubSpotRow = { id: string; properties: Record<string, string | null>; createdAt: string };

const text = (v: string | null | undefined) => (v ? v : <span className="text-slate-400">—</span>);

function useStageLabels(type: "deals" | "tickets") {
  const { data } = usePipelines(type);
  const labels = new Map<string, string>();
  for (const p of data ?? []) for (const s of p.stages) labels.set(`${p.id}/${s.id}`, s.label);
  return (pipeline: string | null | undefined, stage: string | null | undefined) =>
    labels.get(`${pipeline}/${stage}`) ?? stage ?? null;
}

/** The HubSpot tables' columns per type; their keys are the mirror's sort keys (MIRROR_SORT_KEYS). */
export function useColumns(type: CrmObjectType, links: RecordLinkTarget): Column<HubSpotRow>[] {
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

