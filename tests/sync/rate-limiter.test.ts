// The deployment-wide HubSpot call limiter against a real PostgreSQL (hubspot_take_slot): the
// rolling window holds, deals and tickets go before new contacts, and a caller that gives up
// leaves the queue.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { sleep } from "@/lib/runtime/sleep";
import { AHEAD_OF_PACE, PostgresRateLimiter, WHEN_IDLE } from "@/lib/server/hubspot/rate-limiter";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const clearLog = async () => {
  await db.$executeRaw`DELETE FROM hubspot_call_slot`;
  await db.$executeRaw`UPDATE hubspot_rate_pace SET tat = 'epoch'`;
};

/** hubspot_take_slot itself: 0 = taken, else the ms to wait. */
const takeSlot = async (spacingMs: number) =>
  (await db.$queryRaw<{ w: number }[]>`SELECT hubspot_take_slot(1000, 60::float8, ${spacingMs}::float8, 3) AS w`)[0].w;

describe("hubspot_take_slot's pace", () => {
  it("lets a burst of 3 go, then keeps the schedule: a slot taken late does not push the next one back", async () => {
    await clearLog();
    const spacing = 300;
    const started = Date.now();
    expect([await takeSlot(spacing), await takeSlot(spacing), await takeSlot(spacing)]).toEqual([0, 0, 0]);
    const wait = await takeSlot(spacing);
    expect(wait).toBeGreaterThan(spacing * 0.5);
    // Taken 100 ms after it was free (a busy event loop, a slow round trip).
    await new Promise((r) => setTimeout(r, wait + 100));
    expect(await takeSlot(spacing)).toBe(0);
    // The next is due one spacing after the late one was due, not one after it was taken: with the
    // burst rule measured over the log, it would be due in about 2 spacings less the lateness.
    const next = await takeSlot(spacing);
    const dueIn = started + 2 * spacing - Date.now();
    expect(next).toBeGreaterThan(0);
    expect(next).toBeLessThan(dueIn + 60);
  });
});

describe("PostgresRateLimiter", () => {
  it("serves higher priority first, then first come", async () => {
    await clearLog();
    const limiter = new PostgresRateLimiter({ db, max: 100, intervalMs: 1000 });
    const order: string[] = [];
    const take = (name: string, priority: number) => limiter.acquire(undefined, priority).then(() => order.push(name));
    await Promise.all([take("contacts-1", 0), take("contacts-2", 0), take("deals-1", 1), take("tickets-1", 1), take("deals-2", 1)]);
    expect(order).toEqual(["deals-1", "tickets-1", "deals-2", "contacts-1", "contacts-2"]);
  });

  it("lets deals and tickets go ahead of the pace, and holds a part-filled batch until the pace is idle", async () => {
    await clearLog();
    // 10 calls per 2 s (+ the guard): one every 225 ms.
    const limiter = new PostgresRateLimiter({ db, max: 10, intervalMs: 2000 });
    const spacing = 2250 / 10;
    const started = Date.now();
    const since = () => Date.now() - started;
    // A contact call and its two followers, then four more followers: all at once, ahead of the pace.
    await limiter.acquire(undefined, 0);
    const ahead = await Promise.all(Array.from({ length: 6 }, () => limiter.acquire(undefined, 1, undefined, AHEAD_OF_PACE).then(since)));
    expect(Math.max(...ahead)).toBeLessThan(spacing);
    // The pace counted them: seven calls put it 7 spacings ahead, and a part-filled batch waits one
    // more, until it has been idle for a spacing.
    await limiter.acquire(undefined, 0, undefined, WHEN_IDLE);
    expect(since()).toBeGreaterThanOrEqual(8 * spacing - 30);
    // The log still bounds everything: the window's tenth call was the last before it rolls.
    const eighth = since();
    await Promise.all([limiter.acquire(undefined, 1, undefined, AHEAD_OF_PACE), limiter.acquire(undefined, 1, undefined, AHEAD_OF_PACE)]);
    expect(since() - eighth).toBeLessThan(spacing);
    await limiter.acquire(undefined, 1, undefined, AHEAD_OF_PACE);
    expect(since()).toBeGreaterThanOrEqual(2250 - 30);
  });

  it("asks again at once when a waiting call's burst grows (its batch filled)", async () => {
    await clearLog();
    const limiter = new PostgresRateLimiter({ db, max: 10, intervalMs: 4000 });
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    let isFull = false;
    const started = Date.now();
    const waiting = limiter.acquire(undefined, 0, undefined, () => (isFull ? 3 : WHEN_IDLE)).then(() => Date.now() - started);
    await sleep(100);
    isFull = true;
    limiter.reconsider();
    // Part-filled it would wait for the pace to be idle: 3 spacings of 425 ms. Full, the burst lets it go now.
    const waited = await waiting;
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(waited).toBeLessThan(600);
  });

  it("keeps every process together inside the window", async () => {
    await clearLog();
    // Two limiters stand for two app processes sharing one database.
    const a = new PostgresRateLimiter({ db, max: 5, intervalMs: 500 });
    const b = new PostgresRateLimiter({ db, max: 5, intervalMs: 500 });
    const started = Date.now();
    const times = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).acquire().then(() => Date.now() - started)),
    );
    times.sort((x, y) => x - y);
    // Five slots per 500 ms (plus the guard): the sixth call waits for the first to leave the window.
    expect(times[5] - times[0]).toBeGreaterThanOrEqual(500);
    // And within the first window, no more than five.
    expect(times.filter((t) => t - times[0] < 500)).toHaveLength(5);
  });

  it("drops a caller that gives up and still serves the rest", async () => {
    await clearLog();
    const limiter = new PostgresRateLimiter({ db, max: 1, intervalMs: 300 });
    await limiter.acquire();
    const gaveUp = new AbortController();
    const waiting = limiter.acquire(gaveUp.signal, 1);
    const next = limiter.acquire(undefined, 0);
    gaveUp.abort(new Error("deadline"));
    await expect(waiting).rejects.toThrow("deadline");
    await expect(next).resolves.toBeUndefined();
    const { count } = (await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM hubspot_call_slot`)[0];
    expect(count).toBe(1);
  });

  it("learns the portal's budget from HubSpot's headers, above the configured size, less the reserve", async () => {
    await clearLog();
    await db.portalSetting.deleteMany({});
    const limiter = new PostgresRateLimiter({ db, max: 4, intervalMs: 1000, reserveShare: 0.25 });
    expect(limiter.state()).toMatchObject({ portalMax: 4, max: 3, isLearnt: false });
    limiter.observe(200, new Headers({ "x-hubspot-ratelimit-max": "40", "x-hubspot-ratelimit-interval-milliseconds": "1000", "x-hubspot-ratelimit-remaining": "39" }));
    expect(limiter.state()).toMatchObject({ portalMax: 40, max: 30, intervalMs: 1000, isLearnt: true });
    await Promise.all(Array.from({ length: 12 }, () => limiter.acquire()));
    // Twelve slots inside one window: impossible at the configured four.
    const [{ span }] = await db.$queryRaw<{ span: number }[]>`SELECT extract(epoch FROM max(at) - min(at))::float8 AS span FROM hubspot_call_slot`;
    expect(span).toBeLessThan(1);
    // A new process starts from what was learnt, before it hears from HubSpot itself.
    await sleep(100);
    const next = new PostgresRateLimiter({ db, max: 4, intervalMs: 1000 });
    await next.acquire();
    expect(next.state()).toMatchObject({ portalMax: 40, max: 40, isLearnt: false });
  });

  it("refuses calls at once while the daily allowance is spent down to the reserve", async () => {
    await clearLog();
    const { DailyBudget } = await import("@/lib/server/hubspot/daily-budget");
    const limiter = new PostgresRateLimiter({ db, max: 10, intervalMs: 1000, daily: new DailyBudget({ reserveShare: 0.1, probeIntervalMs: 60_000 }) });
    limiter.observe(200, new Headers({ "x-hubspot-ratelimit-daily": "1000", "x-hubspot-ratelimit-daily-remaining": "90" }));
    await expect(limiter.acquire()).rejects.toMatchObject({ status: 429, policyName: "DAILY" });
    const { count } = (await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM hubspot_call_slot`)[0];
    expect(count).toBe(0);
  });

  it("fills the window when HubSpot says other apps spent it", async () => {
    await clearLog();
    const limiter = new PostgresRateLimiter({ db, max: 10, intervalMs: 1000 });
    await limiter.acquire();
    // HubSpot: 10 per window, 1 left, though this deployment sent only one call.
    limiter.observe(200, new Headers({ "x-hubspot-ratelimit-max": "10", "x-hubspot-ratelimit-remaining": "1" }));
    const slots = async () => (await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM hubspot_call_slot`)[0].count;
    await sleep(200);
    expect(await slots()).toBe(9);
  });
});
