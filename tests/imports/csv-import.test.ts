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
});
