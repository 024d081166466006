import { Spinner } from "@/components/ui/spinner";
import { isStopped, isWaiting, stateLabel } from "@/lib/client/registration-view";
import type { RegistrationStatus } from "@/lib/schemas/registration";

function badgeTone(row: RegistrationStatus) {
  if (row.status === "synced") return "border-emerald-200 bg-emerald-50 text-emerald-800";
  if (row.status === "failed") return "border-red-200 bg-red-50 text-red-800";
  // Partial (HubSpot holds part of it) and needs attention: stopped until staff act.
  if (row.status === "partial" || row.status === "needs_attention") return "border-orange-300 bg-orange-50 text-orange-900";
  // Pending after a failed attempt: amber, it is waiting out a problem.
  return isWaiting(row) ? "border-amber-200 bg-amber-50 text-amber-900" : "border-sky-200 bg-sky-50 text-sky-800";
}

/** A registration's state as a coloured badge (a spinner while pending). */
export function StateBadge({ row, testId = "registration-state" }: { row: RegistrationStatus; testId?: string }) {
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

/** Why it stopped (failed, partial, needs attention), or what went wrong last time (pending): long HubSpot messages are clamped, the details show all. */
export function StateReason({ row, testId = "registration-reason" }: { row: RegistrationStatus; testId?: string }) {
  if (!row.last_error || row.status === "synced") return null;
  const tone = isStopped(row) ? "text-red-700" : "text-amber-800";
  return (
    <p className={`line-clamp-3 max-w-xs break-words text-xs ${tone}`} title={row.last_error} data-testid={testId}>
      {isStopped(row) ? "" : "Last error: "}
      {row.last_error}
    </p>
  );
}
