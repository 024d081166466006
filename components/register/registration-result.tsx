"use client";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { RegisterResult } from "@/lib/client/use-register";
import { useRegistration } from "@/lib/client/use-registrations";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import { RecordLink } from "./record-link";

function HubSpotIds({ ids, target }: { ids: { contact: string; deals: string[]; tickets: string[] }; target: RecordLinkTarget }) {
  const rows: { label: string; type: CrmObjectType; values: string[] }[] = [
    { label: "Contact", type: "contacts", values: [ids.contact] },
    { label: "Deals", type: "deals", values: ids.deals },
    { label: "Tickets", type: "tickets", values: ids.tickets },
  ];
  return (
    <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-xs">
      {rows.map((row) => (
        <div key={row.type} className="flex flex-wrap gap-x-4 gap-y-1 px-4 py-3">
          <dt className="w-24 font-medium text-slate-600">{row.label}</dt>
          <dd>
            {row.values.length ? (
              <ul className="flex flex-wrap gap-x-3 gap-y-1">
                {row.values.map((id) => (
                  <li key={id}>
                    <RecordLink target={target} type={row.type} id={id} />
                  </li>
                ))}
              </ul>
            ) : (
              <span className="text-slate-500">none</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Where staff follow a queued registration (and retry it if HubSpot refuses it). */
function RegistrationsLink({ id }: { id: string }) {
  return (
    <Link href={`/registrations?id=${id}`} className="inline-block text-sm font-medium text-brand-700 underline underline-offset-2">
      Follow it on the Registrations page
    </Link>
  );
}

/** A registration HubSpot could not take in time: shown as queued, then as synced when the worker is done. */
function Queued({ result, target }: { result: Extract<RegisterResult, { kind: "queued" }>; target: RecordLinkTarget }) {
  const status = useRegistration(result.registrationId);
  const s = status.data;
  if (s?.status === "synced" && s.contact_id) {
    return (
      <>
        <Alert tone="success" title="Registered in HubSpot">
          The queued registration has been synced.
        </Alert>
        <HubSpotIds ids={{ contact: s.contact_id, deals: s.deal_ids, tickets: s.ticket_ids }} target={target} />
        <RegistrationsLink id={result.registrationId} />
      </>
    );
  }
  if (s && (s.status === "failed" || s.status === "partial" || s.status === "needs_attention")) {
    const title = {
      failed: "HubSpot refused the queued registration",
      partial: "HubSpot refused part of the queued registration",
      needs_attention: "The queued registration needs attention",
    }[s.status];
    return (
      <>
        <Alert tone="error" title={title}>
          {s.last_error ?? "No reason given."}
        </Alert>
        {s.status === "partial" && s.contact_id ? (
          <HubSpotIds ids={{ contact: s.contact_id, deals: s.deal_ids, tickets: s.ticket_ids }} target={target} />
        ) : null}
        <RegistrationsLink id={result.registrationId} />
      </>
    );
  }
  return (
    <>
      <Alert tone="info" title="Queued">
        <p className="flex items-center gap-2">
          <Spinner /> {result.message}
        </p>
        <p className="mt-1">
          Registration <span className="font-mono">{result.registrationId}</span>
          {s?.attempts ? ` · ${s.attempts} attempt${s.attempts === 1 ? "" : "s"} so far` : ""}.
        </p>
      </Alert>
      <RegistrationsLink id={result.registrationId} />
    </>
  );
}

/** What a registration produced: each HubSpot id linked to its record, and a way to start over. */
export function RegistrationResult({ result, recordLinks, onRegisterAnother }: {
  result: RegisterResult;
  recordLinks: RecordLinkTarget;
  onRegisterAnother: () => void;
}) {
  return (
    <div className="space-y-4" data-testid="registration-result">
      {result.kind === "synced" ? (
        <>
          <Alert tone="success" title="Registered in HubSpot">
            {result.data.message}
          </Alert>
          <HubSpotIds
            ids={{ contact: result.data.contact_id, deals: result.data.deal_ids, tickets: result.data.ticket_ids }}
            target={recordLinks}
          />
        </>
      ) : (
        <Queued result={result} target={recordLinks} />
      )}
      <Button onClick={onRegisterAnother} autoFocus>
        Register another
      </Button>
    </div>
  );
}
