/**
 * `npm run bench -- --import <rows>`: a bulk import of generated rows (one contact, deal and ticket
 * each) through POST /api/imports against the sandbox, with a few live registrations sent while it
 * runs. Total time against the physical limit (rows ÷ the budget's registrations per second), the
 * server's and the worker's peak RSS, the live registrations' latency, HubSpot's calls and batch fill.
 */
import http from "node:http";
import { sleep } from "../../runtime/sleep";
import { callsTo } from "../sandbox/control-client";
import type { Session } from "./matrix";
import { fmtMb, fmtMs, percentile } from "./stats";

export interface ImportResult {
  rows: number;
  uploadMs: number;
  totalMs: number;
  physicalMs: number;
  synced: number;
  needsAttention: number;
  failed: number;
  live: { ms: number; status: number }[];
  calls: number;
  rateLimited: number;
  fill: { contacts: number; deals: number; tickets: number };
  serverPeakRssKb: number;
  workerPeakRssKb: number;
}

interface ImportStatus {
  status: string;
  synced: number;
  pending: number;
  needs_attention: number;
  failed: number;
  rows_per_second: number;
}

/** The CSV, written to the request as it is generated (never whole in memory here either). */
function uploadCsv(baseUrl: string, apiKey: string, rows: number, tag: string): Promise<{ status: number; body: { import_id?: string } }> {
  const url = new URL("/api/imports", baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "text/csv" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.write("email,firstname,lastname,dealname,amount,subject,description,hs_ticket_priority\n");
    let i = 0;
    const writeMore = () => {
      while (i < rows) {
        const lines: string[] = [];
        for (let k = 0; k < 1000 && i < rows; k++, i++) {
          lines.push(`${tag}-${i}@bench.example.com,Bench,Row ${i},${tag} deal ${i},${100 + (i % 900)},${tag} ticket ${i},Imported by the bench,LOW`);
        }
        if (!req.write(lines.join("\n") + "\n")) return void req.once("drain", writeMore);
      }
      req.end();
    };
    writeMore();
  });
}

/** Run the import and measure it; `registrationsPerSecond` is the budget's physical limit. */
export async function runImport(s: Session, opts: { apiKey: string; rows: number; tag: string; registrationsPerSecond: number; liveSamples: number; progress(msg: string): void }): Promise<ImportResult> {
  const { appClient, control, monitor, app } = s;
  const auth = { authorization: `Bearer ${opts.apiKey}` };
  const register = (email: string) =>
    appClient.request("POST", "/api/crm/register", {
      headers: auth,
      timeoutMs: 60_000,
      body: { contact: { email, firstname: "Live" }, deals: [{ dealname: `${email} deal`, amount: 10 }], tickets: [{ subject: `${email} ticket` }] },
    });
  // Pipelines, options and the sync-key property read once, as on any running app.
  await register(`${opts.tag}-warm@bench.example.com`);
  await control.resetStats();
  const t0 = performance.now();
  const upload = await uploadCsv(app.baseUrl, opts.apiKey, opts.rows, opts.tag);
  const uploadMs = performance.now() - t0;
  if (upload.status !== 202 || !upload.body.import_id) throw new Error(`POST /api/imports answered ${upload.status}: ${JSON.stringify(upload.body)}`);
  opts.progress(`uploaded, validated and started in ${fmtMs(uploadMs)}; import ${upload.body.import_id}`);

  const live: ImportResult["live"] = [];
  const liveEvery = (opts.rows / opts.registrationsPerSecond) * 1000 / (opts.liveSamples + 1);
  let nextLive = performance.now() + liveEvery;
  let nextReport = performance.now() + 30_000;
  let status: ImportStatus;
  for (;;) {
    status = (await appClient.request<ImportStatus>("GET", `/api/imports/${upload.body.import_id}`, { headers: auth, timeoutMs: 30_000 })).body;
    if (status.status === "done") break;
    const now = performance.now();
    if (now >= nextLive && status.pending > 0) {
      nextLive = now + liveEvery;
      const answer = await register(`${opts.tag}-live-${live.length}@bench.example.com`);
      live.push({ ms: answer.ms, status: answer.status });
    }
    if (now >= nextReport) {
      nextReport = now + 30_000;
      opts.progress(`${((now - t0) / 1000).toFixed(0)} s: ${status.synced} synced, ${status.pending} pending, ${status.rows_per_second}/s; server RSS peak ${fmtMb(monitor.peakRssKb)}`);
    }
    await sleep(1_000);
  }
  const totalMs = performance.now() - t0;
  const stats = await control.stats();
  const fill = (fragment: string) => opts.rows / Math.max(1, callsTo(stats, fragment));
  return {
    rows: opts.rows,
    uploadMs,
    totalMs,
    physicalMs: (opts.rows / opts.registrationsPerSecond) * 1000,
    synced: status.synced,
    needsAttention: status.needs_attention,
    failed: status.failed,
    live,
    calls: stats.calls,
    rateLimited: stats.rateLimited,
    fill: { contacts: fill("contacts/batch/upsert"), deals: fill("deals/batch/create"), tickets: fill("tickets/batch/create") },
    serverPeakRssKb: monitor.peakRssKb,
    workerPeakRssKb: monitor.peakWorkerRssKb,
  };
}

export function formatImport(r: ImportResult, budget: string): string[] {
  const ratio = r.totalMs / r.physicalMs;
  const ms = r.live.map((l) => l.ms);
  const statuses = r.live.reduce<Record<number, number>>((h, l) => ({ ...h, [l.status]: (h[l.status] ?? 0) + 1 }), {});
  return [
    `== bulk import: ${r.rows.toLocaleString("en")} rows (contact + deal + ticket each), ${budget} ==`,
    `total (upload to last row synced): ${(r.totalMs / 1000).toFixed(1)} s; of it upload + validation + start ${(r.uploadMs / 1000).toFixed(1)} s`,
    `physical limit: ${(r.physicalMs / 1000).toFixed(1)} s (rows ÷ ${(r.rows / (r.physicalMs / 1000)).toFixed(0)}/s) → ratio ${ratio.toFixed(3)}× (goal ≤ 1.15×) ${ratio <= 1.15 ? "MET" : "NOT MET"}`,
    `rows: ${r.synced} synced, ${r.needsAttention} need attention, ${r.failed} failed`,
    `HubSpot: ${r.calls} calls, ${r.rateLimited} answered 429; rows per call: contacts ${r.fill.contacts.toFixed(1)}, deals ${r.fill.deals.toFixed(1)}, tickets ${r.fill.tickets.toFixed(1)} (live registrations share them)`,
    `peak RSS: server ${fmtMb(r.serverPeakRssKb)}, worker (the import feeder) ${fmtMb(r.workerPeakRssKb)}`,
    `live registrations during the import: ${r.live.length}, ${JSON.stringify(statuses)}; latency p50 ${fmtMs(percentile(ms, 0.5))}, p95 ${fmtMs(percentile(ms, 0.95))}, max ${fmtMs(Math.max(...ms, 0))}`,
  ];
}
