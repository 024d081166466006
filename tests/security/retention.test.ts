// Finished registrations lose their personal data and Idempotency-Key after RETENTION_DAYS;
// the ids the tables need stay. The worker's sweep does it.
import { beforeAll, describe, expect, it } from "vitest";
import { FAST_SYNC_ENV, seedRegistration, startTestApp, useInProcessWorker, type TestApp } from "@/tests/helpers/app";
import { waitFor } from "@/tests/helpers/wait";

let app: TestApp;
let db: typeof import("@/lib/server/db").db;
const startWorker = useInProcessWorker();

beforeAll(async () => {
  app = await startTestApp({ env: { ...FAST_SYNC_ENV, RETENTION_DAYS: "7" } });
  ({ db } = await import("@/lib/server/db"));
});

const DAY = 86_400_000;
const backdate = (email: string, days: number) =>
  db.$executeRaw`UPDATE registration SET created_at = now() - make_interval(days => ${days}), updated_at = now() - make_interval(days => ${days})
                  WHERE payload->'contact'->>'email' = ${email}`;
const byEmail = (email: string) => db.registration.findFirstOrThrow({ where: { payload: { path: ["contact", "email"], equals: email } } });

describe("retention", () => {
  it("the worker purges payload and Idempotency-Key of finished registrations older than RETENTION_DAYS, keeping the ids", async () => {
    const register = (email: string) => app.request("POST", "/api/crm/register", { body: seedRegistration(email), headers: { "idempotency-key": `ret-${email}` } });
    expect((await register("old@example.com")).status).toBe(200);
    expect((await register("recent@example.com")).status).toBe(200);
    const old = await byEmail("old@example.com");
    const recent = await byEmail("recent@example.com");
    await backdate("old@example.com", 8);
    await backdate("recent@example.com", 6);
    // A pending one past the period is not done: it keeps everything.
    const pending = await db.registration.create({
      data: { payload: seedRegistration("pending@example.com"), requestHash: "h", idempotencyKey: "ret-pending", status: "pending", nextAttemptAt: new Date(Date.now() + 365 * DAY) },
    });
    await backdate("pending@example.com", 30);

    await startWorker();
    await waitFor(async () => (await db.registration.findUniqueOrThrow({ where: { id: old.id } })).idempotencyKey === null, 10_000);

    const purged = await db.registration.findUniqueOrThrow({ where: { id: old.id } });
    expect(purged).toMatchObject({ payload: { purged: true }, idempotencyKey: null, requestHash: "", lastError: null, status: "synced", contactId: old.contactId, dealIds: old.dealIds, ticketIds: old.ticketIds });
    expect(await db.crmObjectRef.count({ where: { registrationId: old.id } })).toBeGreaterThan(0);
    expect(JSON.stringify(purged)).not.toContain("old@example.com");

    expect(await db.registration.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ idempotencyKey: recent.idempotencyKey, payload: recent.payload });
    expect(await db.registration.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ idempotencyKey: "ret-pending", payload: pending.payload });

    const status = await app.json("GET", `/api/registrations/${old.id}`);
    expect(status.body).toMatchObject({ registration_id: old.id, status: "synced", email: null, contact_id: old.contactId });
  });

  it("deletes imports older than RETENTION_DAYS with their staged rows (the file's data), never a running one", async () => {
    const { purgeExpiredImports } = await import("@/lib/server/services/registrations/retention");
    const make = async (status: string, days: number) => {
      const job = await db.importJob.create({ data: { id: crypto.randomUUID(), fingerprint: "f", mapping: {}, status } });
      await db.importRow.create({ data: { importId: job.id, line: 2, email: `${status}@example.com`, payload: seedRegistration(`${status}@example.com`) } });
      await db.$executeRaw`UPDATE import_job SET created_at = now() - make_interval(days => ${days}), updated_at = now() - make_interval(days => ${days}) WHERE id = ${job.id}::uuid`;
      return job.id;
    };
    const done = await make("done", 8);
    const running = await make("running", 8);
    const recent = await make("validated", 6);
    expect(await purgeExpiredImports()).toBe(1);
    expect(await db.importJob.findUnique({ where: { id: done } })).toBeNull();
    expect(await db.importRow.count({ where: { importId: done } })).toBe(0);
    expect(await db.importRow.count({ where: { importId: { in: [running, recent] } } })).toBe(2);
  });
});
