"use client";
import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import { RecordLink } from "@/components/register/record-link";
import { DataTable, type Column } from "@/components/tables/data-table";
import { CursorPager, PageSizeSelect, Tabs } from "@/components/tables/table-controls";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { describeApiError } from "@/lib/client/api-error";
import { currentCursor, nextTrail, parseTrail, previousTrail, trailToParams } from "@/lib/client/cursor-trail";
import type { RecordLinkTarget } from "@/lib/client/record-links";
import { attemptNote, canRetry, hubSpotIds, isStopped, isWaiting, registrationIdParam, stateLabel } from "@/lib/client/registration-view";
import { useRegistration, useRegistrations, useRetryRegistration } from "@/lib/client/use-registrations";
import { enumParam, intParam, PAGE_SIZES, useUrlState } from "@/lib/client/url-state";
import { REGISTRATION_STATUSES } from "@/lib/schemas/constants";
import type { RegistrationStatus } from "@/lib/schemas/registration";

type Row = RegistrationStatus;
type Retry = ReturnType<typeof useRetryRegistration>;

const FILTERS = [
  { value: "all", label: "All" },
  { value: "pending", label: "Pending" },
  { value: "synced", label: "Synced" },
  { value: "partial", label: "Partial" },
  { value: "needs_attention", label: "Needs attention" },
  { value: "failed", label: "Failed" },
] as const;
const FILTER_VALUES = ["all", ...REGISTRATION_STATUSES] as const;

const date = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
const who = (r: Row) => r.email ?? r.registration_id;
const dash = <span className="text-slate-400">—</span>;

function badgeTone(row: Row) {
  if (row.status === "synced") return "border-emerald-200 bg-emerald-50 text-emerald-800";
  if (row.status === "failed") return "border-red-200 bg-red-50 text-red-800";
  // Partial (HubSpot holds part of it) and needs attention: stopped until staff act.
  if (row.status === "partial" || row.status === "needs_attention") return "border-orange-300 bg-orange-50 text-orange-900";
  // Pending after a failed attempt: amber, it is waiting out a problem.
  return isWaiting(row) ? "border-amber-200 bg-amber-50 text-amber-900" : "border-sky-200 bg-sky-50 text-sky-800";
}

function StateBadge({ row, testId = "registration-state" }: { row: Row; testId?: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${badgeTone(row)}`}
      data-testid={testId}
    >
      {row.status === "pending" ? <Spinner className="size-3" /> : null}
      {stateLabel(row)}
    </span>
  );
}

/** The contact, deal and ticket ids of a synced registration, each linked to its record. */
function HubSpotIdList({ row, links }: { row: Row; links: RecordLinkTarget }) {
  const groups = hubSpotIds(row);
  if (!groups.length) return dash;
  return (
    <ul className="min-w-36 max-w-xs space-y-0.5">
      {groups.map((g) => (
        <li key={g.type}>
          <span className="whitespace-nowrap text-slate-600">{g.label}</span>{" "}
          {g.ids.map((id, i) => (
            <span key={id}>
              {i ? ", " : ""}
              <RecordLink target={links} type={g.type} id={id} />
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

/** Where a pending one stands (relative to when the row was read); the exact time in the tooltip. */
function NextAttempt({ row, now }: { row: Row; now: number }) {
  const note = attemptNote(row, now);
  if (!note) return null;
  return (
    <span className="text-slate-600" title={row.next_attempt_at ? `Next attempt: ${date(row.next_attempt_at)}` : undefined}>
      {note}
    </span>
  );
}

function RetryButton({ row, retry }: { row: Row; retry: Retry }) {
  if (!canRetry(row)) return null;
  const busy = retry.isPending && retry.variables === row.registration_id;
  return (
    <Button
      size="sm"
      variant="secondary"
      disabled={busy}
      onClick={() => retry.mutate(row.registration_id)}
      aria-label={`Retry registration of ${who(row)}`}
    >
      {busy ? <Spinner /> : null}
      Retry
    </Button>
  );
}

/** Why it stopped (failed, partial, needs attention), or what went wrong last time (pending): long HubSpot messages are clamped, the details show all. */
function Reason({ row, testId = "registration-reason" }: { row: Row; testId?: string }) {
  if (!row.last_error || row.status === "synced") return null;
  const tone = isStopped(row) ? "text-red-700" : "text-amber-800";
  return (
    <p className={`line-clamp-3 max-w-xs break-words text-xs ${tone}`} title={row.last_error} data-testid={testId}>
      {isStopped(row) ? "" : "Last error: "}
      {row.last_error}
    </p>
  );
}

function columns({ links, retry, now, detailsHref }: {
  links: RecordLinkTarget;
  retry: Retry;
  now: number;
  detailsHref: (id: string) => string;
}): Column<Row>[] {
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
            <Reason row={r} testId="registration-reason-compact" />
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
          <Reason row={r} />
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
          <time dateTime={r.created_at}>{date(r.created_at)}</time>
          {r.synced_at ? (
            <p className="text-xs text-slate-500">
              synced <time dateTime={r.synced_at}>{date(r.synced_at)}</time>
            </p>
          ) : null}
        </>
      ),
    },
  ];
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** One registration in full (`?id=`): where the register page's queued result links to. */
function RegistrationDetails({ id, links, retry, onClose }: { id: string; links: RecordLinkTarget; retry: Retry; onClose: () => void }) {
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
            <Detail term="Created">{date(r.created_at)}</Detail>
            <Detail term="Updated">{date(r.updated_at)}</Detail>
            <Detail term="Synced">{r.synced_at ? date(r.synced_at) : dash}</Detail>
          </dl>
        )}
      </div>
    </section>
  );
}

/** What the last Retry did, said once (focus moves here, so a row that leaves a filtered list does not take the focus with it). */
function RetryNotice({ retry, detailsHref }: { retry: Retry; detailsHref: (id: string) => string }) {
  const box = useRef<HTMLDivElement>(null);
  const settled = retry.isSuccess || retry.isError;
  useEffect(() => {
    if (settled) box.current?.focus();
  }, [settled, retry.submittedAt]);
  return (
    <div ref={box} tabIndex={-1} className="outline-none empty:hidden" data-testid="retry-notice">
      {retry.isSuccess ? (
        <Alert tone="info" title="Queued again">
          Registration of {who(retry.data)} is {retry.data.status} again and will be tried now.{" "}
          <Link href={detailsHref(retry.data.registration_id)} scroll={false} className="font-medium underline">
            Show it
          </Link>
        </Alert>
      ) : retry.isError ? (
        <Alert tone="error" title="Could not retry">
          {describeApiError(retry.error)}
        </Alert>
      ) : null}
    </div>
  );
}

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
          columns={columns({ links: recordLinks, retry, now: list.dataUpdatedAt, detailsHref })}
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
