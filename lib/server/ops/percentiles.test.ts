import { describe, expect, it } from "vitest";
import { pathLabel, statusClass } from "./labels";
import { quantileFromBuckets } from "./percentiles";

describe("quantileFromBuckets", () => {
  it("interpolates inside the bucket the rank falls in, from the bucket's lower bound", () => {
    // 10 between 500 and 1000 ms: the median is half-way through that bucket.
    expect(quantileFromBuckets([{ le: 1000, count: 10 }], 0.5)).toBe(750);
    expect(quantileFromBuckets([{ le: 250, count: 50 }, { le: 2000, count: 50 }], 0.95)).toBe(1900);
  });
  it("answers null when empty and the last bound for the open bucket", () => {
    expect(quantileFromBuckets([], 0.5)).toBeNull();
    expect(quantileFromBuckets([{ le: 2147483647, count: 3 }], 0.5)).toBe(3600000);
  });
});

describe("labels", () => {
  it("keeps label values few: ids become :id, statuses become classes", () => {
    expect(pathLabel("/crm/v3/objects/contacts/123456?archived=false")).toBe("/crm/v3/objects/contacts/:id");
    expect(pathLabel("/api/registrations/0b7c6f0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e/retry")).toBe("/api/registrations/:id/retry");
    expect([0, 200, 204, 404, 429, 502].map(statusClass)).toEqual(["network", "2xx", "2xx", "4xx", "429", "5xx"]);
  });
});
