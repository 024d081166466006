// The signature as a receiver checks it, computed here with node:crypto from docs/webhooks.md (the
// app's signer is not imported), on deliveries to the endpoint WEBHOOK_URL + WEBHOOK_SECRET
// provision; and what /api/metrics says of the deliveries.
import { createHmac } from "node:crypto";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";
import { waitFor } from "../helpers/wait";
import { FAST_WEBHOOK_ENV, startReceiver, useInProcessWebhookDelivery, verifyWebhookSignature, webhooksKeyHeaders, type Receiver } from "../helpers/webhook-receiver";

const WEBHOOK_SECRET = "whsec_env-provisioned-secret-0123456789";
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
let app: TestApp;
let receiver: Receiver;
const startDelivery = useInProcessWebhookDelivery();

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({ env: { ...FAST_WEBHOOK_ENV, WEBHOOK_URL: receiver.url, WEBHOOK_SECRET, METRICS_TOKEN, REGISTER_DEADLINE_MS: "3000" } });
  const { provisionEnvWebhookEndpoint } = await import("@/lib/server/webhooks/endpoints");
  // Every worker start provisions it: twice is still one endpoint.
  await Promise.all([provisionEnvWebhookEndpoint(), provisionEnvWebhookEndpoint()]);
  await provisionEnvWebhookEndpoint();
  await startDelivery();
});

describe("webhook signatures", () => {
  it("WEBHOOK_URL provisions one endpoint (source env) that staff may pause but not delete", async () => {
    const auth = await webhooksKeyHeaders();
    const list = await app.json("GET", "/api/webhooks", undefined, auth);
    expect(list.body.results).toEqual([
      expect.objectContaining({ url: receiver.url, source: "env", enabled: true, events: ["registration.synced", "registration.needs_attention"] }),
    ]);
    const id = list.body.results[0].id;
    const del = await app.json("DELETE", `/api/webhooks/${id}`, undefined, auth);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toMatch(/WEBHOOK_URL/);
  });

  it("each delivery carries Webhook-Id, Webhook-Timestamp and v1=HMAC-SHA256(secret, id.timestamp.body) in hex", async () => {
    const res = await app.json("POST", "/api/crm/register", seedRegistration("signed@example.com"));
    expect(res.status).toBe(200);
    await waitFor(async () => receiver.received.length === 1);
    const { headers, body } = receiver.received[0];
    expect(headers["content-type"]).toBe("application/json");
    const id = String(headers["webhook-id"]);
    const timestamp = String(headers["webhook-timestamp"]);
    expect(id).toBe(JSON.parse(body).id);
    expect(timestamp).toMatch(/^\d{10}$/);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
    const expected = createHmac("sha256", WEBHOOK_SECRET).update(`${id}.${timestamp}.${body}`).digest("hex");
    expect(headers["webhook-signature"]).toBe(`v1=${expected}`);
    expect(JSON.parse(body)).toMatchObject({ type: "registration.synced", data: { contact_id: res.body.contact_id } });
  });

  it("a receiver's check refuses a changed body, another secret, another id and a stale timestamp", async () => {
    const { headers, body } = receiver.received[0];
    expect(verifyWebhookSignature(WEBHOOK_SECRET, headers, body)).toBe(true);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, headers, body.replace("synced", "failed"))).toBe(false);
    expect(verifyWebhookSignature("whsec_another-secret-entirely-0123", headers, body)).toBe(false);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, { ...headers, "webhook-id": "5f0c6a7e-8d5b-4a57-9a43-0c2f6f1d9b11" }, body)).toBe(false);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, headers, body, -1)).toBe(false);
  });

  it("the secret is stored sealed and appears in no answer and no excerpt", async () => {
    const { db } = await import("@/lib/server/db");
    const [row] = await db.webhookEndpoint.findMany();
    expect(row.secret).toMatch(/^v2\./);
    expect(row.secret).not.toContain(WEBHOOK_SECRET);
    receiver.script({ status: 400, body: `you sent ${receiver.received[0].headers["webhook-signature"]} with ${WEBHOOK_SECRET}` });
    const auth = await webhooksKeyHeaders();
    expect((await app.json("POST", `/api/webhooks/${row.id}/test`, undefined, auth)).status).toBe(202);
    const failed = await waitFor(async () => {
      const page = await app.json("GET", `/api/webhooks/${row.id}/deliveries`, undefined, auth);
      const d = page.body.results.find((x: { event_type: string }) => x.event_type === "webhook.test");
      return d?.status === "retrying" && page;
    });
    const text = JSON.stringify(failed.body);
    expect(text).toContain("you sent v1=");
    expect(text).not.toContain(WEBHOOK_SECRET);
  });

  it("/api/metrics counts the attempts by outcome and the deliveries still pending", async () => {
    receiver.fallback = { status: 200 };
    await waitFor(async () => {
      const { db } = await import("@/lib/server/db");
      return (await db.webhookDelivery.count({ where: { deliveredAt: null } })) === 0;
    });
    const res = await app.request("GET", "/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const families = parsePrometheusTextFormat(await res.text()) as { name: string; type: string; metrics: { value: string; labels?: Record<string, string> }[] }[];
    const total = families.find((f) => f.name === "hubspot_sync_webhook_deliveries_total")!;
    expect(total.type).toBe("COUNTER");
    const by = Object.fromEntries(total.metrics.map((m) => [m.labels!.outcome, Number(m.value)]));
    expect(by).toEqual({ delivered: 2, failed: 1, given_up: 0 });
    expect(Number(families.find((f) => f.name === "hubspot_sync_webhook_deliveries_pending")!.metrics[0].value)).toBe(0);
    expect(families.find((f) => f.name === "hubspot_sync_alert_active")!.metrics.find((m) => m.labels!.rule === "webhook_failing")?.value).toBe("0");
  });
});
