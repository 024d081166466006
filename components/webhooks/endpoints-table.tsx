"use client";
import { DataTable } from "@/components/tables/data-table";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { describeApiError } from "@/lib/client/api-error";
import { formatDateTime } from "@/lib/client/format-date";
import { useDeleteWebhookEndpoint, useSendTestEvent, useUpdateWebhookEndpoint, useWebhookEndpoints } from "@/lib/client/use-webhooks";
import type { WebhookEndpoint } from "@/lib/schemas/webhook";


function DeleteButton({ endpoint }: { endpoint: WebhookEndpoint }) {
  const remove = useDeleteWebhookEndpoint();
  if (endpoint.source === "env") return <span className="text-xs text-slate-500">from WEBHOOK_URL</span>;
  return <ConfirmButton label="Delete" ariaLabel={`Delete ${endpoint.url}`} busy={remove.isPending} onConfirm={() => remove.mutate(endpoint.id)} />;
}

function Actions({ endpoint, selected, onSelect }: { endpoint: WebhookEndpoint; selected: boolean; onSelect: (id: string) => void }) {
  const update = useUpdateWebhookEndpoint();
  const test = useSendTestEvent();
  return (
    <div className="flex flex-wrap gap-1">
      <Button size="sm" variant={selected ? "primary" : "secondary"} onClick={() => onSelect(endpoint.id)} aria-pressed={selected} aria-label={`Deliveries of ${endpoint.url}`}>
        Deliveries
      </Button>
      <Button size="sm" variant="secondary" disabled={!endpoint.enabled || test.isPending} onClick={() => test.mutate(endpoint.id, { onSuccess: () => onSelect(endpoint.id) })}>
        Send test
      </Button>
      <Button size="sm" variant="secondary" disabled={update.isPending} onClick={() => update.mutate({ id: endpoint.id, enabled: !endpoint.enabled })}>
        {endpoint.enabled ? "Pause" : "Resume"}
      </Button>
      <DeleteButton endpoint={endpoint} />
    </div>
  );
}

function StateBadge({ endpoint }: { endpoint: WebhookEndpoint }) {
  const tone = endpoint.enabled ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-slate-300 bg-slate-50 text-slate-700";
  return <span className={`inline-block whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${tone}`}>{endpoint.enabled ? "Active" : "Paused"}</span>;
}

/** Every endpoint, with its events and state; choosing one shows its deliveries below. */
export function EndpointsTable({ selectedId, onSelect }: { selectedId?: string; onSelect: (id: string) => void }) {
  const endpoints = useWebhookEndpoints();
  return (
    <DataTable
      caption="Webhook endpoints"
      columns={[
        {
          key: "url",
          header: "Endpoint",
          cell: (e) => (
            <div className="min-w-48 max-w-sm">
              <p className="break-all font-medium">{e.url}</p>
              <p className="mt-1 text-xs text-slate-600">{e.events.join(", ")}</p>
              <p className="text-xs text-slate-500">
                {e.source === "env" ? "from WEBHOOK_URL" : `added ${formatDateTime(e.created_at)}${e.created_by ? ` by ${e.created_by}` : ""}`}
              </p>
              {/* Narrow screens: the state and the actions under the URL, in view without scrolling sideways. */}
              <div className="mt-2 space-y-2 sm:hidden">
                <StateBadge endpoint={e} />
                <Actions endpoint={e} selected={e.id === selectedId} onSelect={onSelect} />
              </div>
            </div>
          ),
        },
        { key: "state", header: "State", className: "hidden sm:table-cell", cell: (e) => <StateBadge endpoint={e} /> },
        {
          key: "actions",
          header: "",
          className: "hidden sm:table-cell",
          cell: (e) => <Actions endpoint={e} selected={e.id === selectedId} onSelect={onSelect} />,
        },
      ]}
      rows={endpoints.data}
      rowKey={(e) => e.id}
      isLoading={endpoints.isPending}
      isFetching={endpoints.isFetching}
      error={endpoints.isError ? describeApiError(endpoints.error) : null}
      onRetry={() => endpoints.refetch()}
      skeletonRows={2}
      empty="No webhook endpoints yet. Add one above to be told when registrations are synced or need attention."
    />
  );
}
