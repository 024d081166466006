import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, TEST_API_KEY, type TestApp } from "../helpers/app";

// The lean API server production puts in front of Next.js, over real HTTP.
let app: TestApp;
let base: string;
let server: http.Server;
const auth = { authorization: `Bearer ${TEST_API_KEY}` };

beforeAll(async () => {
  // The smallest bound on bodies in work at once, so a burst of large registrations must queue.
  app = await startTestApp({ env: { HTTP_INFLIGHT_MAX_BODY_BYTES: String(1024 * 1024) } });
  const { handleApiRequest } = await import("@/lib/server/http/api-server");
  server = http.createServer((req, res) => {
    void handleApiRequest(req, res, "http://0.0.0.0:5001").then((handled) => {
      if (!handled) res.writeHead(599).end("left to Next.js");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A raw request, so the body can be sent chunked (no Content-Length). */
function rawPost(path: string, chunks: Buffer[], headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe("the lean API server", () => {
  it("registers through the seed path with the seed's answer", async () => {
    const res = await fetch(`${base}/crm/register`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(seedRegistration("lean@example.com")),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const body = await res.json();
    expect(body).toMatchObject({ success: true, contact_id: expect.any(String), deal_ids: [expect.any(String)] });
    expect((await app.control.objects("contacts")).map((c) => c.id)).toContain(body.contact_id);
  });

  it("refuses a chunked body over the cap with 413 before reading it whole", async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const res = await rawPost("/api/crm/register", Array.from({ length: 8 }, () => chunk), { ...auth, "content-type": "application/json" });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("passes the query string and names the field at fault", async () => {
    const res = await fetch(`${base}/api/objects/local?limit=lots`, { headers: auth });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("limit");
  });

  it("answers HEAD and OPTIONS as Next.js does, 405 with Allow for other methods, JSON 404 for unknown paths", async () => {
    const head = await fetch(`${base}/api/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const options = await fetch(`${base}/api/health`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toContain("GET");
    const del = await fetch(`${base}/api/health`, { method: "DELETE" });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toContain("GET");
    const missing = await fetch(`${base}/api/no/such/thing`, { headers: auth });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("NOT_FOUND");
  });

  it("past its bound on bodies in work, queues requests unread and answers every one", async () => {
    const { bodyAdmission } = await import("@/lib/server/http/api-server");
    const before = bodyAdmission.stats().waited;
    const big = (i: number) => {
      const body = seedRegistration(`burst-${i}@example.com`);
      body.tickets[0].description = "x".repeat(60_000);
      return JSON.stringify(body);
    };
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${base}/api/crm/register`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: big(i) }),
      ),
    );
    expect(answers.map((r) => r.status).filter((s) => s !== 200 && s !== 202)).toEqual([]);
    const stats = bodyAdmission.stats();
    expect(stats.waited - before).toBeGreaterThan(0);
    expect(stats.peakBytes).toBeLessThanOrEqual(1024 * 1024 + 61_000 * 2);
    expect(stats).toMatchObject({ usedBytes: 0, waiting: 0 });
    const emails = new Set((await app.control.objects("contacts")).map((c) => c.properties.email));
    for (let i = 0; i < 30; i++) expect(emails.has(`burst-${i}@example.com`)).toBe(true);
  });

  it("leaves pages and Auth.js to Next.js", async () => {
    expect((await fetch(`${base}/registrations`)).status).toBe(599);
    expect((await fetch(`${base}/api/auth/session`)).status).toBe(599);
  });
});
