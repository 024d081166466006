// A receiver that never answers holds its own delivery slots and nothing else: registrations keep
// syncing (on the request and in the worker) and another endpoint keeps getting its events while
// the slow one's requests hang. Behaviour only: no timing thresholds.
import { beforeAll, describe, expect, it } from "vitest";
import { FAST_SYNC_ENV, seedRegistration, startTestApp, type TestApp, useInProcessWorker } from "../helpers/app";
import { countByStatus, mapLimit } from "../helpers/registrations";
import { waitFor } from "../helpers/wait";
import { FAST_WEBHOOK_ENV, startReceiver, useInProcessWebhookDelivery, webhooksKeyHeaders, type Receiver } from "../helpers/webhook-receiver";

let app: TestApp;
let slow: Receiver;
let healthy: Receiver;
let slowId: string;
const startWorker = useInProcessWorker();
const startDelivery = useInProcessWebhookDelivery();

beforeAll(async () => {
  slow = await startReceiver();
  slow.fallback = "hang";
  healthy = await startReceiver();
  app = await startTestApp({
    env: { ...FAST_WEBHOOK_ENV, ...FAST_SYNC_ENV, WEBHOOK_TIMEOUT_MS: "30000", WEBHOOK_CONCURRENCY: "4", WEBHOOK_ENDPOINT_CONCURRENCY: "2", REGISTER_DEADLINE_MS: "3000" },
  });
  const auth = await webhooksKeyHeaders();
  const events = ["registration.synced"];
  slowId = (await app.json("POST", "/api/webhooks", { url: slow.url, events }, auth)).body.id;
  expect((await app.json("POST", "/api/webhooks", { url: healthy.url, events }, auth)).status).toBe(201);
  await startWorker();
  await startDelivery();
});

async function slowDeliveries() {
  const { db } = await import("@/lib/server/db");
  return db.webhookDelivery.findMany({ where: { endpointId: slowId } });
}

describe("a slow webhook receiver", () => {
  it("holds only its own slots: registrations sync and the other endpoint is served while it hangs", async () => {
    const answers = await mapLimit(Array.from({ length: 10 }, (_, i) => i), 5, (i) => app.json("POST", "/api/crm/register", seedRegistration(`slow-${i}@example.com`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    await waitFor(async () => healthy.received.length === 10);
    // The slow receiver holds WEBHOOK_ENDPOINT_CONCURRENCY requests and answers none of them.
    await waitFor(async () => slow.hanging() === 2);
    const pending = await slowDeliveries();
    expect(pending.filter((d) => d.deliveredAt)).toEqual([]);
    expect(pending.filter((d) => d.attempts === 0)).toHaveLength(8);
  });

  it("a registration the worker finishes (after a 202) syncs while the receiver still hangs, and its event reaches the other endpoint", async () => {
    await app.control.fault({ status: 503, count: 8, match: "/contacts/batch/upsert" });
    const res = await app.json("POST", "/api/crm/register", seedRegistration("later@example.com"));
    expect(res.status).toBe(202);
    await waitFor(async () => (await app.json("GET", `/api/registrations/${res.body.registration_id}`)).body.status === "synced");
    await waitFor(async () => healthy.received.some((r) => JSON.parse(r.body).data.registration_id === res.body.registration_id));
    expect(slow.hanging()).toBe(2);
    expect((await slowDeliveries()).filter((d) => d.deliveredAt)).toEqual([]);
    expect(await countByStatus()).toEqual({ synced: 11 });
  });
});
