// The portal's daily allowance: the app reads X-HubSpot-RateLimit-Daily-Remaining, keeps the
// reserve (HUBSPOT_DAILY_RESERVE) for the portal's other apps, and from there answers 202 without
// calling HubSpot: it never runs into HubSpot's DAILY 429. What it accepted is kept, pending.
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { countByStatus } from "../helpers/registrations";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { dailyLimit: 20 },
    // A private-app token: HubSpot sends the daily headers on those calls only.
    env: { HUBSPOT_ACCESS_TOKEN: "pat-sandbox-token", HUBSPOT_DAILY_RESERVE: "0.25", REGISTER_DEADLINE_MS: "2000", HUBSPOT_RATE_LIMIT_MAX: "1000" },
  });
});

const contactOnly = (i: number) => ({ contact: { email: `daily-${i}@example.com`, firstname: `Daily ${i}` } });

describe("the daily allowance", () => {
  it("stops at the reserve with 202s, before HubSpot's DAILY 429", async () => {
    const statuses: number[] = [];
    // One call per contact-only registration, one after the other: 20 allowed, 5 kept in reserve.
    for (let i = 0; i < 25; i++) statuses.push((await app.json("POST", "/api/crm/register", contactOnly(i))).status);
    const stats = await app.control.stats();
    expect(stats.status["429"] ?? 0).toBe(0);
    // Each registration here is one call; the headers of the 15th call say 5 are left: the reserve.
    expect(statuses.filter((s) => s === 200).length).toBe(15);
    expect(statuses.slice(15).every((s) => s === 202)).toBe(true);
    expect(await countByStatus()).toMatchObject({ synced: 15, pending: 10 });
  });
});
