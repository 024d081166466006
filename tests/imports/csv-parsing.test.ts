import { beforeAll, describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "@/lib/schemas/import-fields";
import { startTestApp, type TestApp } from "../helpers/app";
import { importCsv, importRows, importStatus } from "../helpers/imports";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});

/** Validated and staged only: what the file was read as, without sending anything. */
async function validate(csv: string, query = "") {
  const res = await importCsv(app, csv, `validate_only=true${query ? `&${query}` : ""}`);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const rows = await importRows(app, res.body.import_id);
  return { status: await importStatus(app, res.body.import_id), rows };
}

describe("reading an import's CSV", () => {
  it("drops a byte order mark, so the first header is still email", async () => {
    const { status, rows } = await validate("\uFEFFemail,firstname\nbom@example.com,Bo\n");
    expect(status.mapping).toEqual({ email: "email", firstname: "firstname" });
    expect(rows).toMatchObject([{ line: 2, state: "staged", email: "bom@example.com" }]);
  });

  it("keeps a quoted newline inside its cell and numbers the rows by the line they start on", async () => {
    const csv = 'email,subject,description\nq1@example.com,Help,"first line\nsecond line"\nq2@example.com,Other,plain\n';
    const { rows } = await validate(csv);
    expect(rows.map((r: { line: number; email: string }) => [r.line, r.email])).toEqual([[2, "q1@example.com"], [4, "q2@example.com"]]);
  });

  it("detects `;` as the separator (and keeps `,` inside values)", async () => {
    const { status, rows } = await validate("email;firstname;amount;dealname\nsemi@example.com;Anna, Marie;12.50;Deal\n");
    expect(status.columns).toEqual(["email", "firstname", "amount", "dealname"]);
    expect(rows).toMatchObject([{ state: "staged", email: "semi@example.com", issues: [] }]);
  });

  it("skips empty lines and rows of empty cells", async () => {
    const { status, rows } = await validate("email,firstname\n\ne1@example.com,A\n,\n\ne2@example.com,B\n\n");
    expect(status.total_rows).toBe(2);
    expect(rows.map((r: { line: number }) => r.line)).toEqual([3, 6]);
  });

  it("reads Windows line endings", async () => {
    const { rows } = await validate("email,firstname\r\ncr@example.com,C\r\n\r\ncr2@example.com,D\r\n");
    expect(rows.map((r: { line: number; email: string }) => [r.line, r.email])).toEqual([[2, "cr@example.com"], [4, "cr2@example.com"]]);
  });

  it("ignores unknown columns and says which; maps headers that are field names, ignoring case and spaces", async () => {
    const { status } = await validate("E-mail,First Name,Notes,Deal Name\nu@example.com,U,some note,Big deal\n");
    expect(status.mapping).toEqual({ "E-mail": "email", "First Name": "firstname", Notes: null, "Deal Name": "dealname" });
    expect(status.unmapped_columns).toEqual(["Notes"]);
  });

  it("takes the caller's mapping over the automatic one", async () => {
    const mapping = encodeURIComponent(JSON.stringify({ Mail: "email", Value: "amount", Name: "dealname" }));
    const { rows } = await validate("Mail,Value,Name\nm@example.com,99,Renewal\n", `mapping=${mapping}`);
    expect(rows).toMatchObject([{ state: "staged", email: "m@example.com" }]);
  });

  it("refuses a mapping without email, or naming a column the file lacks, with the field named", async () => {
    const noEmail = await importCsv(app, "name\nx\n");
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.error.details).toEqual([{ field: "mapping", message: expect.stringContaining("no column maps to email") }]);
    const missing = await importCsv(app, "email\na@example.com\n", `mapping=${encodeURIComponent(JSON.stringify({ Other: "phone" }))}`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].message).toContain('"Other"');
  });

  it("lists bad rows by line and field, with the column, and sends nothing unless asked to skip them", async () => {
    const csv = "email,amount,dealname,hs_ticket_priority,subject\nok@example.com,10,D,LOW,T\nnot-an-email,10,D,LOW,T\nok2@example.com,ten,D,SOMETIMES,T\n";
    const refused = await importCsv(app, csv);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/2 of 3 rows are not valid, so nothing was sent/);
    expect(refused.body.error.details).toEqual([
      { field: "line 3: email", message: 'must be a valid email address (column "email")' },
      { field: "line 4: amount", message: expect.stringContaining('(column "amount")') },
      { field: "line 4: hs_ticket_priority", message: expect.stringContaining("must be one of LOW, MEDIUM, HIGH, URGENT") },
    ]);
    const id = /import ([0-9a-f-]{36})/.exec(refused.body.error.message)![1];
    expect(await importRows(app, id, "state=invalid")).toMatchObject([{ line: 3 }, { line: 4 }]);
    expect((await importStatus(app, id)).status).toBe("validated");
  });

  it("refuses the portal's unknown pipelines and stages before anything is sent", async () => {
    const { rows } = await validate("email,dealname,pipeline\np@example.com,D,no-such-pipeline\n");
    expect(rows[0]).toMatchObject({ state: "invalid", issues: [{ field: "pipeline", message: expect.stringContaining("unknown pipeline") }] });
  });

  it(`refuses a file of more than ${MAX_IMPORT_ROWS} rows with 413 naming the limit, leaving nothing behind`, async () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `r${i}@example.com`);
    const res = await importCsv(app, `email\n${rows.join("\n")}\n`);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("more than 100,000 rows") });
    const { db } = await import("@/lib/server/db");
    expect(await db.importRow.count({ where: { email: "r100000@example.com" } })).toBe(0);
  }, 120_000);

  it("refuses a file over 50 MB with 413, streamed without a length, before reading it all", async () => {
    const line = new TextEncoder().encode(`${"x".repeat(1000)}@example.com\n`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode("email\n")),
      pull(c) {
        sent += line.byteLength;
        if (sent > MAX_IMPORT_BYTES * 2) c.close();
        else c.enqueue(line);
      },
    });
    const res = await app.request("POST", "/api/imports", { rawBody: body, headers: { "content-type": "text/csv" } });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toContain("larger than 50 MB");
    expect(sent).toBeLessThan(MAX_IMPORT_BYTES * 1.2);
  }, 120_000);

  it("refuses a declared length over 50 MB at once, and a multipart body without a file field", async () => {
    const big = await app.request("POST", "/api/imports", { rawBody: "email\n", headers: { "content-type": "text/csv", "content-length": String(MAX_IMPORT_BYTES + 1) } });
    expect(big.status).toBe(413);
    const form = new FormData();
    form.append("other", "x");
    const noFile = await app.request("POST", "/api/imports", { rawBody: form });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).error.details).toEqual([{ field: "file", message: expect.stringContaining("field named file") }]);
  });

  it("takes a multipart upload with the mapping as a field before the file", async () => {
    const form = new FormData();
    form.append("mapping", JSON.stringify({ Mail: "email" }));
    form.append("validate_only", "true");
    form.append("file", new Blob(["Mail\nmp@example.com\n"], { type: "text/csv" }), "leads.csv");
    const res = await app.request("POST", "/api/imports", { rawBody: form });
    expect(res.status).toBe(202);
    expect(await importStatus(app, (await res.json()).import_id)).toMatchObject({ file_name: "leads.csv", status: "validated", mapping: { Mail: "email" } });
  });

  it("refuses bytes that are not UTF-8 and a malformed quote, naming the file", async () => {
    const latin1 = await app.request("POST", "/api/imports", { rawBody: new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xe9, 0x0a]), headers: { "content-type": "text/csv" } });
    expect(latin1.status).toBe(400);
    expect((await latin1.json()).error.details[0]).toMatchObject({ field: "file", message: expect.stringContaining("UTF-8") });
    const unclosed = await importCsv(app, 'email,subject\na@example.com,"never closed\n');
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error.details[0].field).toBe("file");
  });
});
