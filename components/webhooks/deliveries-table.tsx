"use client";
import Link from "next/link";
import { DataTable } from "@/components/tables/data-table";
import { CursorPager } from "@/components/tables/table-controls";
import { describeApiError } from "@/lib/client/api-error";
import { currentCursor, nextTrail, previousTrail, type CursorTrail } from "@/lib/client/cursor-trail";
import { formatDateTimeToSecond as time } from "@/lib/client/format-date";
import { useWebhookDeliveries } from "@/lib/client/use-webhooks";
import type { WebhookDelivery } from "@/lib/schemas/webhook";

const TONES: Record<WebhookDelivery["status"], string> = {
  delivered: "border-emerald-200 bg-emerald-50 text-emerald-800",
  pending: "border-sky-200 bg-sky-50 text-sky-800",
  retrying: "border-amber-200 bg-amber-50 text-amber-900",
  given_up: "border-red-200 bg-red-50 text-red-800",
};
const LABELS: Record<WebhookDelivery["status"], string> = { delivered: "Delivered", pending: "Pending", retrying: "Retrying", given_up: "Given up" };

function Status({ d, compact = false }: { d: WebhookDelivery; compact?: boolean }) {
  const suffix = compact ? "-compact" : "";
  const when = d.delivered_at ? `at ${time(d.delivered_at)}` : d.given_up_at ? `at ${time(d.given_up_at)}` : d.next_attempt_at ? `next ${time(d.next_attempt_at)}` : "";
  return (
    <div className="min-w-28 space-y-1">
      <span className={`inline-block whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${TONES[d.status]}`} data-testid={`delivery-status${suffix}`}>
        {LABELS[d.status]}
      </span>
      <p className="text-xs text-slate-600">
        <span data-testid={`delivery-attempts${suffix}`}>{d.attempts}</span> attempt{d.attempts === 1 ? "" : "s"}
        {when ? <span className="block">{when}</span> : null}
      </p>
    </div>
  );
}

function LastAnswer({ d }: { d: WebhookDelivery }) {
  if (!d.last_attempt_at) return <span className="text-slate-400">—</span>;
  return (
    <div className="min-w-32 max-w-sm space-y-1 text-xs">
      <p>
        <span className="font-medium" data-testid="delivery-answer">{d.last_status_code ? `HTTP ${d.last_status_code}` : "No answer"}</span>
        {d.last_error && d.status !== "delivered" ? <span className="text-red-700"> · {d.last_error}</span> : null}
      </p>
      {d.response_excerpt ? (
        <p className="line-clamp-2 break-all font-mono text-slate-600" title={d.response_excerpt}>
          {d.response_excerpt}
        </p>
      ) : null}
    </div>
  );
}

/** One endpoint's deliveries, newest first, refreshing themselves; paged with a cursor trail. */
export function DeliveriesTable({ endpointId, trail, onTrail }: { endpointId: string; trail: CursorTrail; onTrail: (t: CursorTrail) => void }) {
  const deliveries = useWebhookDeliveries(endpointId, currentCursor(trail));
  const next = deliveries.data?.next_before;
  return (
    <div className="space-y-3">
      <DataTable
        caption="Deliveries of the selected endpoint"
        columns={[
          {
            key: "event",
            header: "Event",
            cell: (d) => (
              <div className="min-w-32">
                <p className="break-words font-medium">{d.event_type}</p>
                <p className="text-xs text-slate-500">{time(d.created_at)}</p>
                {d.registration_id ? (
                  <Link className="font-mono text-xs text-brand-700 underline" href={`/registrations?id=${d.registration_id}`}>
                    {d.registration_id.slice(0, 8)}
                  </Link>
                ) : null}
                <div className="mt-2 sm:hidden">
                  <Status d={d} compact />
                </div>
              </div>
            ),
          },
          { key: "status", header: "Status", className: "hidden sm:table-cell", cell: (d) => <Status d={d} /> },
          { key: "answer", header: "Last answer", cell: (d) => <LastAnswer d={d} /> },
        ]}
        rows={deliveries.data?.results}
        rowKey={(d) => d.id}
        isLoading={deliveries.isPending}
        isFetching={deliveries.isFetching && deliveries.isPlaceholderData}
        error={deliveries.isError ? describeApiError(deliveries.error) : null}
        onRetry={() => deliveries.refetch()}
        skeletonRows={3}
        empty="No deliveries yet: they appear here when a registration is synced or needs attention (or send a test event)."
      />
      {trail.page > 1 || next ? (
        <CursorPager
          page={trail.page}
          hasPrevious={trail.page > 1}
          hasNext={Boolean(next)}
          onPrevious={() => onTrail(previousTrail(trail))}
          onNext={() => next && onTrail(nextTrail(trail, next))}
          busy={deliveries.isFetching}
          previousLabel="← Newer"
          nextLabel="Older →"
        />
      ) : null}
    </div>
  );
}
