import { RecordLink } from "@/components/register/record-link";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { formatDateTime } from "@/lib/client/format-date";
import { attemptNote, canRetry, hubSpotIds } from "@/lib/client/registration-view";
import type { RetryRegistration } from "@/lib/client/use-registrations";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import type { RegistrationStatus } from "@/lib/schemas/registration";

/** Who a registration is for, in labels: its email, else its id. */
export const who = (r: RegistrationStatus) => r.email ?? r.registration_id;
export const dash = <span className="text-slate-400">—</span>;

/** The contact, deal and ticket ids of a synced registration, each linked to its record. */
export function HubSpotIdList({ row, links }: { row: RegistrationStatus; links: RecordLinkTarget }) {
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
export function NextAttempt({ row, now }: { row: RegistrationStatus; now: number }) {
  const note = attemptNote(row, now);
  if (!note) return null;
  return (
    <span className="text-slate-600" title={row.next_attempt_at ? `Next attempt: ${formatDateTime(row.next_attempt_at)}` : undefined}>
      {note}
    </span>
  );
}

export function RetryButton({ row, retry }: { row: RegistrationStatus; retry: RetryRegistration }) {
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
