import Link from "next/link";
import type { Column } from "@/components/tables/data-table";
import { formatDateTime } from "@/lib/client/format-date";
import type { RetryRegistration } from "@/lib/client/use-registrations";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import type { RegistrationStatus } from "@/lib/schemas/registration";
import { HubSpotIdList, NextAttempt, RetryButton } from "./registration-cells";
import { StateBadge, StateReason } from "./state-badge";

/** The registrations table's columns; on narrow screens the state moves into the first one. */
export function registrationColumns({ links, retry, now, detailsHref }: {
  links: RecordLinkTarget;
  retry: RetryRegistration;
  now: number;
  detailsHref: (id: string) => string;
}): Column<RegistrationStatus>[] {
  return [
    {
      key: "registration",
      header: "Registration",
      cell: (r) => (
        <div className="min-w-48 max-w-xs sm:min-w-40 sm:max-w-none">
          <Link
            href={detailsHref(r.registration_id)}
            scroll={false}
            className="break-all font-medium text-brand-700 underline underline-offset-2 sm:break-normal"
          >
            {r.email ?? "no email"}
          </Link>
          <p className="font-mono text-xs text-slate-500" title={r.registration_id}>
            {r.registration_id.slice(0, 8)}
          </p>
          {/* Narrow screens: the state, its reason and Retry in the first column, in view without scrolling sideways. */}
          <div className="mt-2 space-y-2 sm:hidden">
            <StateBadge row={r} testId="registration-state-compact" />
            <StateReason row={r} testId="registration-reason-compact" />
            <RetryButton row={r} retry={retry} />
          </div>
        </div>
      ),
    },
    {
      key: "state",
      header: "State",
      className: "hidden sm:table-cell",
      cell: (r) => (
        <div className="space-y-2">
          <StateBadge row={r} />
          <StateReason row={r} />
          <RetryButton row={r} retry={retry} />
        </div>
      ),
    },
    {
      key: "attempts",
      header: "Attempts",
      cell: (r) => (
        <>
          <span className="tabular-nums" data-testid="registration-attempts">
            {r.attempts}
          </span>
          <p className="max-w-28 text-xs">
            <NextAttempt row={r} now={now} />
          </p>
        </>
      ),
    },
    { key: "hubspot", header: "HubSpot", cell: (r) => <HubSpotIdList row={r} links={links} /> },
    {
      key: "created",
      header: "Created",
      className: "whitespace-nowrap",
      cell: (r) => (
        <>
          <time dateTime={r.created_at}>{formatDateTime(r.created_at)}</time>
          {r.synced_at ? (
            <p className="text-xs text-slate-500">
              synced <time dateTime={r.synced_at}>{formatDateTime(r.synced_at)}</time>
            </p>
          ) : null}
        </>
      ),
    },
  ];
}
