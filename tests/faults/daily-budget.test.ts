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
    // One call per contact-only registration (and one read of the portal's property rules), one after the other.
    for (let i = 0; i < 25; i++) statuses.push((await app.json("POST", "/api/crm/register", contactOnly(i))).status);
    const stats = await app.control.stats();
    expect(stats.status["429"] ?? 0).toBe(0);
    // 20 calls allowed, 5 kept in reserve: the app stopped after 15, every registration past that point answered 202.
    expect(stats.calls).toBe(15);
    const synced = statuses.filter((s) => s === 200).length;
    const upserts = Object.entries(stats.byRoute).filter(([route]) => route.endsWith("/contacts/batch/upsert")).reduce((n, [, c]) => n + c, 0);
    expect(synced).toBe(upserts);
    expect(synced).toBeGreaterThanOrEqual(13);
    expect(statuses.slice(synced).every((s) => s === 202)).toBe(true);
    expect(await countByStatus()).toMatchObject({ synced, pending: 25 - synced });
  });
});
