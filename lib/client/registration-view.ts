/**
 * Pure helpers of the registrations page (no React, no zod): what a row's state means to staff,
 * when it may be retried, times relative to now, and the list's query string.
 */
import type { CrmObjectType, RegistrationStatusName } from "@/lib/schemas/constants";
import type { RegistrationStatus } from "@/lib/schemas/registration";

type Row = Pick<RegistrationStatus, "status" | "attempts">;

/** Pending after at least one failed attempt: waiting for its next one (backoff, outage, reconnect). */
export const isWaiting = (r: Row) => r.status === "pending" && r.attempts > 0;

/** Stopped until staff act: refused in part (partial), needing attention, or refused (failed). */
export const isStopped = (r: Pick<RegistrationStatus, "status">) => r.status === "failed" || r.status === "partial" || r.status === "needs_attention";

/** Stopped ones, and pending ones that are waiting, can be sent back to the queue now. */
export const canRetry = (r: Row) => isStopped(r) || isWaiting(r);

export const hasPending = (rows: readonly Pick<RegistrationStatus, "status">[] | undefined) =>
  Boolean(rows?.some((r) => r.status === "pending"));

/** The state's name, as the API and the filter tabs call it. */
export function stateLabel(r: Pick<RegistrationStatus, "status">): string {
  const labels: Record<RegistrationStatus["status"], string> = {
    pending: "Pending",
    synced: "Synced",
    partial: "Partial",
    needs_attention: "Needs attention",
    failed: "Failed",
  };
  return labels[r.status];
}

/**
 * Where a pending registration stands, relative to when it was read: its first attempt, the next
 * one after a failed attempt (backoff), or one under way. Nothing for synced and failed ones.
 */
export function attemptNote(r: Pick<RegistrationStatus, "status" | "attempts" | "next_attempt_at">, now: number, locale = "en"): string {
  if (r.status !== "pending") return "";
  if (!r.next_attempt_at) return r.attempts === 0 ? "first attempt" : "retrying";
  const due = Date.parse(r.next_attempt_at);
  if (!(due > now + 999)) return "retrying now";
  return `next attempt ${relativeTime(r.next_attempt_at, now, locale)}`;
}

/** The HubSpot ids of a synced registration, by type, in the order the result page shows them. */
export function hubSpotIds(r: Pick<RegistrationStatus, "contact_id" | "deal_ids" | "ticket_ids">) {
  const groups: { type: CrmObjectType; label: string; ids: string[] }[] = [
    { type: "contacts", label: "Contact", ids: r.contact_id ? [r.contact_id] : [] },
    { type: "deals", label: r.deal_ids.length === 1 ? "Deal" : "Deals", ids: r.deal_ids },
    { type: "tickets", label: r.ticket_ids.length === 1 ? "Ticket" : "Tickets", ids: r.ticket_ids },
  ];
  return groups.filter((g) => g.ids.length > 0);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "in 12 seconds", "3 minutes ago", "now": the largest unit that fits, rounded toward zero. */
export function relativeTime(iso: string, now: number, locale = "en"): string {
  const diff = Date.parse(iso) - now;
  if (!Number.isFinite(diff)) return "";
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, "second");
}

/** `GET /api/registrations` query: only what is set, in a stable order. */
export function registrationsQuery({ status, limit, before }: { status?: RegistrationStatusName; limit: number; before?: string }): string {
  const q = new URLSearchParams({ limit: String(limit) });
  if (status) q.set("status", status);
  if (before) q.set("before", before);
  return q.toString();
}

/** A page of the list with one registration replaced by its newer state (e.g. the retry answer). */
export function replaceRow<T extends { results: RegistrationStatus[] }>(page: T, row: RegistrationStatus): T {
  if (!page.results.some((r) => r.registration_id === row.registration_id)) return page;
  return { ...page, results: page.results.map((r) => (r.registration_id === row.registration_id ? row : r)) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A registration id from the URL (`?id=`), or undefined when it is not one. */
export const registrationIdParam = (value: string | null) => (value && UUID.test(value) ? value : undefined);
