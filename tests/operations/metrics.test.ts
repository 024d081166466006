// GET /api/metrics: who may read it, and its Prometheus text as an independent parser reads it,
// with the deployment's totals from PostgreSQL (the same whichever process answers).
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, TEST_API_KEY, type TestApp } from "../helpers/app";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { METRICS_TOKEN, REGISTER_DEADLINE_MS: "3000", HUBSPOT_MAX_RETRIES: "1" } });
  for (const email of ["m1@example.com", "m2@example.com", "m3@example.com"]) {
    expect((await app.json("POST", "/api/crm/register", seedRegistration(email))).status).toBe(200);
  }
  await app.control.fault({ status: 429, count: 1, match: "/contacts/batch/upsert" });
  expect((await app.json("POST", "/api/crm/register", seedRegistration("m4@example.com"))).status).toBe(200);
});

const scrape = (authorization?: string) => app.request("GET", "/api/metrics", { headers: authorization ? { authorization } : { authorization: "" } });

type Family = { name: string; type: string; metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }[] };
async function families(): Promise<Map<string, Family>> {
  const res = await scrape(`Bearer ${METRICS_TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const parsed = parsePrometheusTextFormat(await res.text()) as Family[];
  return new Map(parsed.map((f) => [f.name, f]));
}
const value = (f: Family | undefined, labels: Record<string, string> = {}) =>
  Number(f?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);

describe("GET /api/metrics", () => {
  it("answers only METRICS_TOKEN: 401 without a bearer or with a wrong one, 403 for an API key without the metrics scope", async () => {
    expect((await app.request("GET", "/api/metrics", { headers: { authorization: "" } })).status).toBe(401);
    expect((await scrape("Bearer not-the-metrics-token-at-all")).status).toBe(401);
    const key = await scrape(`Bearer ${TEST_API_KEY}`);
    expect(key.status).toBe(403);
    expect((await key.json()).error.message).toMatch(/metrics scope/);
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(200);
  });

  it("answers a stored API key created with the metrics scope, and no key created without it", async () => {
    const { createApiKey } = await import("@/lib/server/services/api-keys");
    const monitoring = await createApiKey({ name: "Prometheus", scopes: ["metrics"] });
    const plain = await createApiKey({ name: "Billing system" });
    expect(plain.scopes).toEqual(["register", "read"]);
    expect((await scrape(`Bearer ${monitoring.key}`)).status).toBe(200);
    expect((await scrape(`Bearer ${plain.key}`)).status).toBe(403);
  });

  it("exports registrations by outcome, HubSpot calls by operation and class, 429s, retries, queue and budget", async () => {
    const m = await families();
    expect(m.get("hubspot_sync_registrations_total")?.type).toBe("COUNTER");
    expect(value(m.get("hubspot_sync_registrations_total"), { outcome: "received" })).toBe(4);
    expect(value(m.get("hubspot_sync_registrations_total"), { outcome: "synced_at_once" })).toBe(4);
    const calls = m.get("hubspot_sync_hubspot_calls_total")!;
    expect(value(calls, { operation: "POST /crm/objects/2026-09/contacts/batch/upsert", status_class: "2xx" })).toBeGreaterThanOrEqual(1);
    expect(value(calls, { status_class: "429" })).toBe(1);
    expect(value(m.get("hubspot_sync_hubspot_rate_limited_total"))).toBe(1);
    expect(value(m.get("hubspot_sync_hubspot_retries_total"))).toBeGreaterThanOrEqual(1);
    expect(value(m.get("hubspot_sync_token_refreshes_total"))).toBe(0);
    expect(value(m.get("hubspot_sync_queue_depth"))).toBe(0);
    expect(value(m.get("hubspot_sync_oldest_pending_age_seconds"))).toBe(0);
    expect(value(m.get("hubspot_sync_rate_budget_size"))).toBeGreaterThan(0);
    expect(value(m.get("hubspot_sync_rate_budget_used"))).toBeGreaterThan(0);
    expect(value(m.get("hubspot_sync_alert_active"), { rule: "needs_attention" })).toBe(0);
  });

  it("exports the API request duration histogram, cumulative, with +Inf equal to the count", async () => {
    const res = await scrape(`Bearer ${METRICS_TOKEN}`);
    const text = await res.text();
    const m = new Map((parsePrometheusTextFormat(text) as Family[]).map((f) => [f.name, f]));
    expect(m.get("hubspot_sync_http_request_duration_seconds")?.type).toBe("HISTOGRAM");
    // The parser keeps histogram buckets only for a series without labels: take the register
    // route's series alone, with its labels dropped, and parse that.
    const series = 'route="/api/crm/register",method="POST",status_class="2xx"';
    const lines = text.split("\n").filter((l) => l.startsWith("# ") ? l.includes("http_request_duration_seconds") : l.includes(series));
    const one = lines.map((l) => l.replace(`${series},`, "").replace(`{${series}}`, "")).join("\n");
    const [h] = parsePrometheusTextFormat(`${one}\n`) as Family[];
    const register = h.metrics[0];
    expect(Number(register.count)).toBe(4);
    expect(Number(register.buckets!["+Inf"])).toBe(4);
    const les = Object.keys(register.buckets!).filter((k) => k !== "+Inf").sort((a, b) => Number(a) - Number(b));
    expect(les.length).toBeGreaterThan(5);
    const counts = les.map((le) => Number(register.buckets![le]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(Number(register.sum)).toBeGreaterThan(0);
  });

  it("counts survive the process: totals come from PostgreSQL, not this process's memory", async () => {
    const { sqlPool } = await import("@/lib/server/db");
    // Another process's flush, as a second web replica or the worker would write it.
    await sqlPool().query(
      "INSERT INTO hubspot_call_rollup (bucket, operation, status_class, calls, retries) VALUES (now(), 'POST /crm/v3/objects/deals/batch/create', '5xx', 3, 2)",
    );
    const m = await families();
    expect(value(m.get("hubspot_sync_hubspot_calls_total"), { operation: "POST /crm/v3/objects/deals/batch/create", status_class: "5xx" })).toBe(3);
  });
});
