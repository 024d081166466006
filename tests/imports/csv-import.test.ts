import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, useInProcessWorker, type TestApp } from "../helpers/app";
import { waitFor } from "../helpers/wait";
import { importCsv, importStatus, leadsCsv } from "../helpers/imports";

let app: TestApp;
const startWorker = useInProcessWorker();
beforeAll(async () => {
  app = await startTestApp();
  await startWorker();
});

describe("POST /api/imports", () => {
  it("syncs every row of a CSV through the registration pipeline, rows sharing an email as one contact", async () => {
    const csv = leadsCsv(50, { prefix: "basic", sameEmailEvery: 10 });
    const res = await importCsv(app, csv);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "running", total_rows: 50, invalid_rows: 0, status_url: `/api/imports/${res.body.import_id}` });
    const done = await waitFor(async () => {
      const s = await importStatus(app, res.body.import_id);
      return s.status === "done" && s;
    });
    expect(done).toMatchObject({ synced: 50, pending: 0, needs_attention: 0, failed: 0 });
    const contacts = (await app.control.objects("contacts")).filter((c) => c.properties.email?.startsWith("basic"));
    // Rows 10, 20, 30 and 40 reuse the first row's email: 50 rows, 46 distinct emails.
    expect(contacts).toHaveLength(46);
    const deals = (await app.control.objects("deals")).filter((d) => d.properties.dealname?.startsWith("basic"));
    expect(deals).toHaveLength(50);
  });

  it("is the caller's own: a register-only key sees only its imports, a read-only key cannot upload", async () => {
    const { createApiKey } = await import("@/lib/server/services/api-keys");
    const writer = (await createApiKey({ name: "importer", scopes: ["register"] })).key;
    const reader = (await createApiKey({ name: "reader", scopes: ["read"] })).key;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const upload = (key: string, csv: string) =>
      app.request("POST", "/api/imports?validate_only=true", { rawBody: csv, headers: { ...as(key), "content-type": "text/csv" } });
    const mine = await (await upload(writer, "email\nown@example.com\n")).json();
    const other = await importCsv(app, "email\nother@example.com\n", "validate_only=true");
    expect((await app.json("GET", `/api/imports/${mine.import_id}`, undefined, as(writer))).status).toBe(200);
    expect((await app.json("GET", `/api/imports/${other.body.import_id}`, undefined, as(writer))).status).toBe(404);
    expect((await app.json("GET", `/api/imports/${other.body.import_id}/rows`, undefined, as(writer))).status).toBe(404);
    expect((await upload(reader, "email\nr@example.com\n")).status).toBe(403);
    expect((await app.json("GET", `/api/imports/${mine.import_id}`, undefined, as(reader))).status).toBe(200);
  });

  it("starts a validated import on request, refusing while rows are invalid unless told to skip them", async () => {
    const staged = await importCsv(app, "email,firstname\nstart-ok@example.com,A\nnot-an-email,B\n", "validate_only=true");
    const id = staged.body.import_id;
    const refused = await app.json("POST", `/api/imports/${id}/start`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ field: "line 3: email", message: expect.stringContaining("valid email") }]);
    const started = await app.json("POST", `/api/imports/${id}/start`, { skip_invalid: true });
    expect(started.status).toBe(202);
    const done = await waitFor(async () => {
      const s = await importStatus(app, id);
      return s.status === "done" && s;
    });
    expect(done).toMatchObject({ synced: 1, invalid_rows: 1, skip_invalid: true });
    const res = await app.request("GET", `/api/imports/${id}/results.csv`);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("line,state,email,contact_id,deal_ids,ticket_ids,error");
    expect(lines[1]).toMatch(/^2,synced,start-ok@example\.com,\d+,,,$/);
    expect(lines[2]).toMatch(/^3,invalid,not-an-email,,,,"?email: must be a valid email address/);
  });
});

