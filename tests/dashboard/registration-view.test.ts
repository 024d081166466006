import { describe, expect, it } from "vitest";
import {
  attemptNote,
  canRetry,
  hasPending,
  hubSpotIds,
  isWaiting,
  registrationIdParam,
  registrationsQuery,
  relativeTime,
  replaceRow,
  stateLabel,
} from "@/lib/client/registration-view";
import type { RegistrationStatus } from "@/lib/schemas/registration";

const row = (over: Partial<RegistrationStatus> = {}): RegistrationStatus => ({
  registration_id: "6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d",
  status: "pending",
  attempts: 0,
  last_error: null,
  contact_id: null,
  deal_ids: [],
  ticket_ids: [],
  email: "ada@example.com",
  created_at: "2026-11-27T10:00:00.000Z",
  updated_at: "2026-11-27T10:00:00.000Z",
  synced_at: null,
  next_attempt_at: null,
  ...over,
});

describe("a registration's state for staff", () => {
  it("offers Retry on stopped ones (failed, partial, needs attention) and on pending ones waiting after a failed attempt, never on synced or first attempts", () => {
    expect(canRetry(row({ status: "failed", attempts: 1 }))).toBe(true);
    expect(canRetry(row({ status: "partial", attempts: 1 }))).toBe(true);
    expect(canRetry(row({ status: "needs_attention", attempts: 1 }))).toBe(true);
    expect(canRetry(row({ status: "pending", attempts: 2, next_attempt_at: "2026-11-27T10:01:00.000Z" }))).toBe(true);
    expect(canRetry(row({ status: "pending", attempts: 0 }))).toBe(false);
    expect(canRetry(row({ status: "synced", attempts: 1 }))).toBe(false);
    expect(isWaiting(row({ status: "failed", attempts: 3 }))).toBe(false);
  });

  it("names the state as the API does", () => {
    expect(stateLabel(row())).toBe("Pending");
    expect(stateLabel(row({ attempts: 1 }))).toBe("Pending");
    expect(stateLabel(row({ status: "synced", attempts: 1 }))).toBe("Synced");
    expect(stateLabel(row({ status: "failed", attempts: 1 }))).toBe("Failed");
    expect(stateLabel(row({ status: "partial", attempts: 1 }))).toBe("Partial");
    expect(stateLabel(row({ status: "needs_attention", attempts: 1 }))).toBe("Needs attention");
  });

  it("says where a pending one stands: first attempt, waiting for the next, or retrying", () => {
    const now = Date.parse("2026-11-27T10:00:00.000Z");
    expect(attemptNote(row(), now)).toBe("first attempt");
    expect(attemptNote(row({ attempts: 2, next_attempt_at: "2026-11-27T10:00:08.000Z" }), now)).toBe("next attempt in 8 seconds");
    expect(attemptNote(row({ attempts: 2, next_attempt_at: "2026-11-27T10:03:00.000Z" }), now)).toBe("next attempt in 3 minutes");
    expect(attemptNote(row({ attempts: 1, next_attempt_at: "2026-11-27T10:00:00.000Z" }), now)).toBe("retrying now");
    expect(attemptNote(row({ attempts: 1, next_attempt_at: "2026-11-27T09:59:00.000Z" }), now)).toBe("retrying now");
    expect(attemptNote(row({ attempts: 1 }), now)).toBe("retrying");
    expect(attemptNote(row({ status: "failed", attempts: 1, next_attempt_at: null }), now)).toBe("");
    expect(attemptNote(row({ status: "synced", attempts: 1 }), now)).toBe("");
  });

  it("refreshes while anything on the page is pending", () => {
    expect(hasPending(undefined)).toBe(false);
    expect(hasPending([])).toBe(false);
    expect(hasPending([row({ status: "synced" }), row({ status: "failed" })])).toBe(false);
    expect(hasPending([row({ status: "synced" }), row()])).toBe(true);
  });

  it("groups the HubSpot ids by type, leaving out empty groups", () => {
    expect(hubSpotIds(row())).toEqual([]);
    expect(hubSpotIds(row({ contact_id: "1", deal_ids: ["2", "3"], ticket_ids: ["4"] }))).toEqual([
      { type: "contacts", label: "Contact", ids: ["1"] },
      { type: "deals", label: "Deals", ids: ["2", "3"] },
      { type: "tickets", label: "Ticket", ids: ["4"] },
    ]);
    expect(hubSpotIds(row({ contact_id: "1" })).map((g) => g.type)).toEqual(["contacts"]);
  });
});

describe("times relative to when the row was read", () => {
  const now = Date.parse("2026-11-27T10:00:00.000Z");
  it("uses the largest unit that fits, rounded toward zero", () => {
    expect(relativeTime("2026-11-27T10:00:12.400Z", now)).toBe("in 12 seconds");
    expect(relativeTime("2026-11-27T09:57:00.000Z", now)).toBe("3 minutes ago");
    expect(relativeTime("2026-11-27T10:01:59.000Z", now)).toBe("in 1 minute");
    expect(relativeTime("2026-11-27T12:30:00.000Z", now)).toBe("in 2 hours");
    expect(relativeTime("2026-11-25T10:00:00.000Z", now)).toBe("2 days ago");
  });
  it("says now under a second, and nothing for a date it cannot read", () => {
    expect(relativeTime("2026-11-27T10:00:00.300Z", now)).toBe("now");
    expect(relativeTime("not a date", now)).toBe("");
  });
});

describe("the list's query and cache", () => {
  it("sends only what is set", () => {
    expect(registrationsQuery({ limit: 20 })).toBe("limit=20");
    expect(registrationsQuery({ limit: 10, status: "failed", before: "6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d" })).toBe(
      "limit=10&status=failed&before=6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d",
    );
  });

  it("puts a retried row's new state into a page that shows it, and leaves other pages alone", () => {
    const failed = row({ status: "failed", attempts: 1, last_error: "refused" });
    const other = row({ registration_id: "00000000-0000-4000-8000-000000000000", status: "synced" });
    const page = { results: [other, failed], next_before: null };
    const retried = { ...failed, status: "pending" as const, next_attempt_at: "2026-11-27T10:00:00.000Z" };
    const updated = replaceRow(page, retried);
    expect(updated.results.map((r) => r.status)).toEqual(["synced", "pending"]);
    expect(updated.next_before).toBeNull();
    expect(page.results[1].status).toBe("failed");
    const elsewhere = { results: [other], next_before: "x" };
    expect(replaceRow(elsewhere, retried)).toBe(elsewhere);
  });

  it("takes a registration id from the URL only when it is a UUID", () => {
    expect(registrationIdParam("6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d")).toBe("6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d");
    expect(registrationIdParam("6F1C0A3E-9A53-4C43-8A59-1F0A4C9B1E2D")).toBeDefined();
    expect(registrationIdParam(null)).toBeUndefined();
    expect(registrationIdParam("1; drop table")).toBeUndefined();
  });
});
