"use client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { isExternal, recordUrl, type RecordLinkTarget } from "@/lib/client/record-links";
import type { RegisterResult } from "@/lib/client/use-register";
import type { CrmObjectType } from "@/lib/schemas/pagination";

function RecordLink({ target, type, id }: { target: RecordLinkTarget; type: CrmObjectType; id: string }) {
  const external = isExternal(target);
  return (
    <a
      href={recordUrl(target, type, id)}
      className="font-mono text-brand-700 underline underline-offset-2 hover:text-brand-600"
      data-testid={`${type}-id`}
      {...(external ? { target: "_blank", rel: "noreferrer" } : {})}
    >
      {id}
      {external ? <span className="sr-only"> (opens HubSpot)</span> : null}
    </a>
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
          <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-xs">
            <div className="flex flex-wrap gap-x-4 gap-y-1 px-4 py-3">
              <dt className="w-24 font-medium text-slate-600">Contact</dt>
              <dd>
                <RecordLink target={recordLinks} type="contacts" id={result.data.contact_id} />
              </dd>
            </div>
            {(["deals", "tickets"] as const).map((type) => {
              const ids = type === "deals" ? result.data.deal_ids : result.data.ticket_ids;
              return (
                <div key={type} className="flex flex-wrap gap-x-4 gap-y-1 px-4 py-3">
                  <dt className="w-24 font-medium capitalize text-slate-600">{type}</dt>
                  <dd>
                    {ids.length ? (
                      <ul className="flex flex-wrap gap-x-3 gap-y-1">
                        {ids.map((id) => (
                          <li key={id}>
                            <RecordLink target={recordLinks} type={type} id={id} />
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-slate-500">none</span>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </>
      ) : (
        <Alert tone="info" title="Queued">
          HubSpot is busy, so the registration was saved and will be synced shortly (registration{" "}
          <span className="font-mono">{result.registrationId}</span>).
          {result.statusUrl ? (
            <>
              {" "}
              <a className="underline" href={result.statusUrl}>
                Follow its status
              </a>
              .
            </>
          ) : null}
        </Alert>
      )}
      <Button onClick={onRegisterAnother} autoFocus>
        Register another
      </Button>
    </div>
  );
}
