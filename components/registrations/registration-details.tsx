"use client";
import { useEffect, useRef, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { describeApiError } from "@/lib/client/api-error";
import { formatDateTime } from "@/lib/client/format-date";
import { isStopped } from "@/lib/client/registration-view";
import { useRegistration, type RetryRegistration } from "@/lib/client/use-registrations";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import { dash, HubSpotIdList, NextAttempt, RetryButton } from "./registration-cells";
import { StateBadge } from "./state-badge";

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** One registration in full (`?id=`): where the register page's queued result links to. */
export function RegistrationDetails({ id, links, retry, onClose }: {
  id: string;
  links: RecordLinkTarget;
  retry: RetryRegistration;
  onClose: () => void;
}) {
  const query = useRegistration(id);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);
  const r = query.data;
  return (
    <section
      aria-labelledby="registration-details-heading"
      className="rounded-lg border border-brand-100 bg-white shadow-xs"
      data-testid="registration-details"
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-4 py-3 sm:px-5">
        <div className="min-w-0">
          <h2 id="registration-details-heading" ref={heading} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">
            Registration {r?.email ? `of ${r.email}` : ""}
          </h2>
          <p className="break-all font-mono text-xs text-slate-500">{id}</p>
        </div>
        <div className="flex items-center gap-2">
          {r ? <RetryButton row={r} retry={retry} /> : null}
          <Button size="sm" variant="ghost" onClick={onClose}>
            Close
          </Button>
        </div>
      </header>
      <div className="px-4 py-4 sm:px-5">
        {query.isError ? (
          <Alert tone="error" title="Could not load this registration">
            {describeApiError(query.error)}
          </Alert>
        ) : !r ? (
          <div className="space-y-2" aria-label="Loading the registration">
            <Skeleton className="h-4 w-48" />
            <Skeleton className="h-4 w-64" />
          </div>
        ) : (
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            <Detail term="State">
              <StateBadge row={r} />
            </Detail>
            <Detail term="Attempts">
              <span className="tabular-nums" data-testid="registration-attempts">
                {r.attempts}
              </span>
              {r.status === "pending" ? (
                <>
                  {" · "}
                  <NextAttempt row={r} now={query.dataUpdatedAt} />
                </>
              ) : null}
            </Detail>
            <Detail term={isStopped(r) ? "Reason" : "Last error"}>
              {r.last_error ? <span className={isStopped(r) ? "text-red-700" : "text-amber-800"}>{r.last_error}</span> : dash}
            </Detail>
            <Detail term="HubSpot">
              <HubSpotIdList row={r} links={links} />
            </Detail>
            <Detail term="Created">{formatDateTime(r.created_at)}</Detail>
            <Detail term="Updated">{formatDateTime(r.updated_at)}</Detail>
            <Detail term="Synced">{r.synced_at ? formatDateTime(r.synced_at) : dash}</Detail>
          </dl>
        )}
      </div>
    </section>
  );
}
