"use client";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { parseTrail, trailToParams, type CursorTrail } from "@/lib/client/cursor-trail";
import { useUrlState } from "@/lib/client/url-state";
import type { WebhookEndpointCreated } from "@/lib/schemas/webhook";
import { DeliveriesTable } from "./deliveries-table";
import { EndpointForm } from "./endpoint-form";
import { EndpointsTable } from "./endpoints-table";
import { NewSecret } from "./new-secret";

/** Add endpoints (secret shown once), list them, and follow one endpoint's deliveries (in the URL: ?endpoint=). */
export function WebhooksManager() {
  const { params, set } = useUrlState();
  const [created, setCreated] = useState<WebhookEndpointCreated | null>(null);
  const selected = params.get("endpoint") ?? undefined;
  const trail = parseTrail(params.get("page"), params.get("cursors"));
  const select = (id: string) => set({ endpoint: id, page: undefined, cursors: undefined });
  const onTrail = (t: CursorTrail) => set(trailToParams(t));

  return (
    <div className="space-y-5">
      <Card title="Add an endpoint" description="Each event is a signed POST, retried with backoff for up to a day until it answers 2xx.">
        <EndpointForm
          onCreated={(c) => {
            setCreated(c);
            select(c.id);
          }}
        />
        {created ? (
          <div className="mt-3">
            <NewSecret created={created} onDone={() => setCreated(null)} />
          </div>
        ) : null}
      </Card>
      <EndpointsTable selectedId={selected} onSelect={select} />
      {selected ? (
        <section aria-labelledby="deliveries-heading" className="space-y-2">
          <h2 id="deliveries-heading" className="text-base font-semibold text-slate-900">
            Deliveries
          </h2>
          <DeliveriesTable endpointId={selected} trail={trail} onTrail={onTrail} />
        </section>
      ) : null}
    </div>
  );
}
