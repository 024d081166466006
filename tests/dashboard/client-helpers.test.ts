import { describe, expect, it } from "vitest";
import { formFieldFor, withoutEmptyStrings } from "@/components/register/form-values";
import { pageWindow } from "@/components/tables/offset-pager";
import { currentCursor, nextTrail, parseTrail, previousTrail, trailToParams } from "@/lib/client/cursor-trail";
import { splitFieldIssues, toFormPath } from "@/lib/client/field-paths";
import { recordUrl } from "@/lib/client/record-links";
import { apiErrorMessages } from "@/lib/client/zod-messages";
import { registrationSchema } from "@/lib/schemas/registration";

describe("server field errors onto the form", () => {
  it("turns the API's paths into react-hook-form's", () => {
    expect(toFormPath("deals[1].amount")).toBe("deals.1.amount");
    expect(toFormPath("contact.email")).toBe("contact.email");
    expect(toFormPath("tickets[10].hs_pipeline_stage")).toBe("tickets.10.hs_pipeline_stage");
  });

  it("puts seed aliases on the inputs that show them and keeps the rest for the form", () => {
    expect(formFieldFor("tickets.0.content")).toBe("tickets.0.description");
    expect(formFieldFor("tickets.2.category")).toBe("tickets.2.hs_ticket_category");
    expect(formFieldFor("deals.1.dealstage")).toBe("deals.1.dealstage");
    expect(formFieldFor("deals.1.unknown")).toBeUndefined();
    const { onFields, general } = splitFieldIssues(
      [
        { field: "deals[1].amount", message: "must be a number" },
        { field: "(body)", message: "HubSpot refused it" },
        { field: "Idempotency-Key", message: "must not be empty" },
      ],
      (p) => formFieldFor(p) !== undefined,
    );
    expect(onFields).toEqual([{ path: "deals.1.amount", message: "must be a number" }]);
    expect(general).toEqual(["HubSpot refused it", "Idempotency-Key: must not be empty"]);
  });
});

describe("the form's values against the API's schema", () => {
  it("drops empty inputs so optional fields are simply not sent", () => {
    const values = withoutEmptyStrings({
      contact: { email: "a@example.com", firstname: "", phone: " " },
      deals: [{ dealname: "D", amount: "", pipeline: "", dealstage: "", closedate: "" }],
      tickets: [],
    });
    expect(values).toEqual({ contact: { email: "a@example.com" }, deals: [{ dealname: "D" }], tickets: [] });
    expect(registrationSchema.safeParse(values).success).toBe(true);
  });

  it("says 'is required' like the API does", () => {
    const r = registrationSchema.safeParse({ contact: { email: "a@example.com" }, deals: [{}] }, { error: apiErrorMessages });
    expect(r.success).toBe(false);
    expect(r.error?.issues.find((i) => i.path.join(".") === "deals.0.dealname")?.message).toBe("is required");
  });
});

describe("cursor paging that can go back", () => {
  it("keeps the cursors seen in the URL", () => {
    let t = parseTrail(null, null);
    expect(currentCursor(t)).toBeUndefined();
    t = nextTrail(t, "c2");
    t = nextTrail(t, "c3");
    expect(t).toEqual({ page: 3, cursors: ["c2", "c3"] });
    expect(currentCursor(t)).toBe("c3");
    t = previousTrail(t);
    expect(currentCursor(t)).toBe("c2");
    expect(trailToParams(t)).toEqual({ page: 2, cursors: "c2,c3" });
    expect(parseTrail("2", "c2,c3")).toEqual(t);
  });

  it("falls back to page 1 for a page the trail cannot reach", () => {
    expect(parseTrail("5", "c2").page).toBe(1);
    expect(parseTrail("x", "c2").page).toBe(1);
  });
});

describe("page numbers", () => {
  it("shows the first, the last and the neighbours of the current page", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(5, 10)).toEqual([1, "gap", 4, 5, 6, "gap", 10]);
    expect(pageWindow(2, 3)).toEqual([1, 2, 3]);
  });
});

describe("record links", () => {
  it("point at HubSpot's record pages for a live portal and at the app's record view otherwise", () => {
    const live = { kind: "hubspot", portalId: "4455", appUrl: "https://app.hubspot.com" } as const;
    expect(recordUrl(live, "contacts", "12")).toBe("https://app.hubspot.com/contacts/4455/record/0-1/12");
    expect(recordUrl(live, "deals", "7")).toBe("https://app.hubspot.com/contacts/4455/record/0-3/7");
    expect(recordUrl(live, "tickets", "9")).toBe("https://app.hubspot.com/contacts/4455/record/0-5/9");
    expect(recordUrl({ kind: "local" }, "deals", "7")).toBe("/hubspot/deals/7");
  });
});
