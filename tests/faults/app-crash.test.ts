// Fault: the app process (the request path, tests/helpers/app-server.ts as a real child process)
// is killed with SIGKILL while registrations are in flight and pending, then restarted with a worker.
// Every registration that was committed ends in HubSpot exactly once; one that was never committed
// leaves no trace in HubSpot; a client retrying with its Idempotency-Key ends with each exactly once.
import { describe, expect, it } from "vitest";
import { TEST_API_KEY } from "../helpers/app";
import { useFaultTest } from "../helpers/fault-test";
import { startAppServer, startWorkerProcess } from "../helpers/processes";
import { countByStatus, histogram, loadRegistrationRows, makeRegistrations, mapLimit, type RegistrationBody } from "../helpers/registrations";
import { waitFor } from "../helpers/wait";

const CHILD_ENV = { REGISTER_DEADLINE_MS: "1500", WORKER_CONCURRENCY: "10" };
const fault = useFaultTest({ worker: "child processes", env: { HUBSPOT_MAX_RETRIES: "1", HUBSPOT_RATE_LIMIT_MAX: "10000" } });

type Answer = { status: number; body: any; replayed: boolean } | { error: string };

async function post(baseUrl: string, body: RegistrationBody, key: string): Promise<Answer> {
  try {
    const res = await fetch(`${baseUrl}/api/crm/register`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: await res.json(), replayed: res.headers.get("idempotent-replayed") === "true" };
  } catch (e) {
    return { error: (e as Error).cause ? String((e as Error & { cause: unknown }).cause) : String(e) };
  }
}

describe("fault: the app process is killed with SIGKILL while registrations are pending", () => {
  it("syncs every committed registration exactly once and leaves no trace of uncommitted ones", async () => {
    const { app } = fault;
    const tag = "fapp";
    const warm = await fault.begin(tag);

    const t0 = Date.now();
    // DEBUG_FAULTS=1 prints how long each phase took.
    const lap = (what: string) => process.env.DEBUG_FAULTS && console.log(what, Date.now() - t0);
    const first = await startAppServer(CHILD_ENV, "app-1");
    lap("app-1 up");
    await app.control.configure({ latencyMs: 300 });
    const submitted = makeRegistrations(tag, 40);
    const keyOf = (i: number) => `${tag}-key-${i}`;
    // A first wave is answered; a second is in flight when the process dies.
    const firstWave = await mapLimit(submitted.slice(0, 10), 10, (body, i) => post(first.url, body, keyOf(i)));
    lap("wave 1 answered");
    const sending = mapLimit(submitted.slice(10), 15, (body, i) => post(first.url, body, keyOf(i + 10)));

    // Kill it while it holds registrations it has stored but not finished (in flight at HubSpot).
    const { db } = await import("@/lib/server/db");
    let inFlightAtKill = 0;
    await waitFor(async () => {
      const committed = (await db.registration.count()) - 1;
      inFlightAtKill = await db.registration.count({ where: { status: "pending", lockedUntil: { gt: new Date() } } });
      return committed >= 15 && inFlightAtKill > 0;
    }, 30_000, 20);
    await first.kill9();
    lap("killed");
    const answers = [...firstWave, ...(await sending)];
    const atKill = await countByStatus();
    expect(atKill.pending ?? 0).toBeGreaterThan(0);
    const unanswered = answers.flatMap((a, i) => ("error" in a ? [i] : []));
    expect(unanswered.length).toBeGreaterThan(0);
    // Whatever did get an answer got a proper one.
    for (const a of answers) if (!("error" in a)) expect([200, 202]).toContain(a.status);

    // Restart: a new app process and a worker. HubSpot is fast again.
    await app.control.configure({ latencyMs: 0 });
    const worker = startWorkerProcess(CHILD_ENV);
    const second = await startAppServer(CHILD_ENV, "app-2");
    const rowsAtKill = await loadRegistrationRows();
    const committedEmails = new Set(rowsAtKill.map((r) => r.email));
    const committed = [warm, ...submitted.filter((r) => committedEmails.has(r.contact.email))];
    expect(committed.length).toBe(rowsAtKill.length);
    lap("restarted");
    try {
      await fault.waitUntilSynced(rowsAtKill.length, 200);
      lap("committed synced");
    } catch (e) {
      throw new Error(`${(e as Error).message}: ${JSON.stringify(await countByStatus())}\n${worker.output()}\n${second.output()}`);
    }
    // A 202 from the killed process still leads somewhere: its status URL, asked of the new process.
    for (const a of answers) {
      if ("error" in a || a.status !== 202) continue;
      const status = await fetch(`${second.url}${a.body.status_url}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
      expect(status.status).toBe(200);
      expect(await status.json()).toMatchObject({ registration_id: a.body.registration_id, status: "synced", contact_id: expect.any(String) });
    }
    // Every committed registration is in HubSpot exactly once; the never-committed ones not at all.
    const figures = await fault.expectEachOnceInHubSpot(committed, "app-sigkill", {
      sent: submitted.length,
      answersBeforeKill: histogram(answers.map((a) => ("error" in a ? "none" : a.status))),
      committedAtKill: rowsAtKill.length - 1,
      pendingAtKill: atKill.pending,
      inFlightAtKill,
      neverCommitted: submitted.length - (rowsAtKill.length - 1),
    });
    expect(figures.registrations).toBe(rowsAtKill.length);

    // The client retries what got no answer, with the same Idempotency-Key: committed ones replay
    // (no second write), the others are registered now. In the end each is in HubSpot exactly once.
    const retried = await mapLimit(unanswered, 10, (i) => post(second.url, submitted[i], keyOf(i)));
    expect(retried.map((a) => ("error" in a ? a.error : a.status)).filter((s) => s !== 200 && s !== 202)).toEqual([]);
    // Exactly the committed ones were replays of the stored registration.
    const replayedEmails = unanswered.filter((_, k) => { const a = retried[k]; return !("error" in a) && a.replayed; }).map((i) => submitted[i].contact.email);
    expect(replayedEmails.sort()).toEqual(unanswered.map((i) => submitted[i].contact.email).filter((e) => committedEmails.has(e)).sort());
    await fault.waitUntilSynced(submitted.length + 1, 200);
    lap("all synced");
    await fault.expectEachOnceInHubSpot([warm, ...submitted], "app-sigkill+client-retries", {
      retriedWithSameKey: unanswered.length,
      replayed: retried.filter((a) => !("error" in a) && a.replayed).length,
    });
  }, 90_000);
});
