// Endpoint URLs may only lead to the public internet (or what WEBHOOK_ALLOWED_HOSTS lists, here
// 127.0.0.2): refused with a 400 naming `url` when registered, and refused again at delivery when
// the host's DNS answer has changed since (rebinding), before any byte is sent.
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { waitFor } from "../helpers/wait";
import { FAST_WEBHOOK_ENV, startReceiver, useInProcessWebhookDelivery, webhooksKeyHeaders } from "../helpers/webhook-receiver";

let app: TestApp;
let auth: Record<string, string>;
const startDelivery = useInProcessWebhookDelivery();

beforeAll(async () => {
  app = await startTestApp({ env: { ...FAST_WEBHOOK_ENV, WEBHOOK_ALLOWED_HOSTS: "127.0.0.2" } });
  auth = await webhooksKeyHeaders();
  await startDelivery();
});

const create = (url: string) => app.json("POST", "/api/webhooks", { url, events: ["registration.synced"] }, auth);

describe("SSRF protection of webhook endpoints", () => {
  it.each([
    ["http://127.0.0.1:8080/hook", /127\.0\.0\.1, a loopback address/],
    ["https://localhost/hook", /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
    ["https://[::1]/hook", /loopback/],
    ["https://10.0.0.5/hook", /private/],
    ["https://172.20.1.1/hook", /private/],
    ["https://192.168.1.10/hook", /private/],
    ["http://169.254.169.254/latest/meta-data/", /link-local \(cloud metadata\)/],
    ["https://100.64.1.1/hook", /CGNAT/],
    ["https://0.0.0.0/hook", /unspecified/],
    ["https://[fd00::1]/hook", /unique local/],
    ["https://[fe80::1]/hook", /link-local/],
    ["https://[::ffff:127.0.0.1]/hook", /IPv4-mapped loopback/],
    ["https://[::ffff:a9fe:a9fe]/hook", /IPv4-mapped link-local/],
    ["https://2130706433/hook", /127\.0\.0\.1, a loopback address/],
    ["https://0x7f.1/hook", /loopback/],
    ["https://user:secret@hooks.example.com/hook", /must not contain a user name or password/],
    ["ftp://hooks.example.com/hook", /https:\/\//],
    ["https://nonexistent.invalid/hook", /was not found/],
  ])("refuses %s with a 400 naming url", async (url, reason) => {
    const res = await create(url);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details).toEqual([{ field: "url", message: expect.stringMatching(reason) }]);
  });

  it("accepts what WEBHOOK_ALLOWED_HOSTS lists, and delivers to it", async () => {
    const receiver = await startReceiver("127.0.0.2");
    const res = await create(receiver.url);
    expect(res.status).toBe(201);
    expect((await app.json("POST", `/api/webhooks/${res.body.id}/test`, undefined, auth)).status).toBe(202);
    await waitFor(async () => receiver.received.length === 1);
  });

  it("refuses at delivery a host whose DNS answer now points at a refused address (rebinding)", async () => {
    // Registered while its name resolved to a public address (stored as the check left it); now
    // `localhost` answers 127.0.0.1, where a receiver is listening that must never be reached.
    const inside = await startReceiver("127.0.0.1");
    const { db } = await import("@/lib/server/db");
    const { sealSecret } = await import("@/lib/server/secret-box");
    const port = new URL(inside.url).port;
    const rebound = await db.webhookEndpoint.create({ data: { url: `http://localhost:${port}/hooks`, events: ["registration.synced"], secret: sealSecret("whsec_rebinding-test-secret") } });
    const literal = await db.webhookEndpoint.create({ data: { url: `http://127.0.0.1:${port}/hooks`, events: ["registration.synced"], secret: sealSecret("whsec_literal-test-secret") } });
    for (const e of [rebound, literal]) expect((await app.json("POST", `/api/webhooks/${e.id}/test`, undefined, auth)).status).toBe(202);

    const failed = (id: string) =>
      waitFor(async () => {
        const [d] = (await app.json("GET", `/api/webhooks/${id}/deliveries`, undefined, auth)).body.results;
        return d?.attempts >= 1 && d.status !== "pending" && d;
      });
    expect(await failed(rebound.id)).toMatchObject({ status: "retrying", last_status_code: null, last_error: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/) });
    expect(await failed(literal.id)).toMatchObject({ status: "retrying", last_status_code: null, last_error: expect.stringMatching(/127\.0\.0\.1, a loopback address/) });
    expect(inside.received).toEqual([]);
  });
});
