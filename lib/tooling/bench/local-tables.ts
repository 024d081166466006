/**
 * Local tables at scale: loads `rows` references into crm_object_ref in one INSERT … SELECT
 * generate_series, then times GET /api/objects/local-cursor (keyset) at the start and deep in the
 * set and GET /api/objects/local (offset) at a deep page (endpoint-timing.ts: server and client
 * time). EXPLAIN ANALYZE shows the plan of both queries.
 */
import type { AppProcess } from "./app-process";
import { withPgClient } from "../../runtime/database-admin";
import type { HttpClient } from "./http-client";
import { endpointTimer } from "./endpoint-timing";
import { median } from "./stats";

export interface Timing {
  label: string;
  path: string;
  serverMs: number;
  clientMs: number;
  runs: number;
  rows: number;
}

export interface LocalResult {
  loadedRows: number;
  totalRows: number;
  loadMs: number;
  timings: Timing[];
  keysetPlan: string[];
  offsetPlan: string[];
  indexes: string[];
}

/** The columns Prisma selects, in the order the app's queries use. */
const COLUMNS = `"id", "object_type", "hubspot_id", "label", "registration_id", "created_at"`;

export async function runLocalTables(o: {
  databaseUrl: string;
  client: HttpClient;
  app: AppProcess;
  apiKey: string;
  rows: number;
  runs: number;
  runId: string;
  progress(msg: string): void;
}): Promise<LocalResult> {
  const timer = endpointTimer(o.app, o.client, o.apiKey, "bench-local-");
  try {
    o.progress(`loading ${o.rows.toLocaleString("en")} rows into crm_object_ref…`);
    const t0 = Date.now();
    const facts = await withPgClient(o.databaseUrl, async (c) => {
      await c.query(
        `INSERT INTO crm_object_ref (object_type, hubspot_id, label)
         SELECT (ARRAY['contacts','deals','tickets'])[1 + g % 3], 'bench-' || $2::text || '-' || g, 'Bench object ' || g
         FROM generate_series(1, $1::int) AS g`,
        [o.rows, o.runId],
      );
      await c.query("ANALYZE crm_object_ref");
      const loadMs = Date.now() - t0;
      const total = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM crm_object_ref")).rows[0].n);
      // ~1,000 rows before the end: as deep as a cursor gets.
      const deepAfter = (await c.query<{ id: string }>("SELECT id FROM crm_object_ref ORDER BY id DESC OFFSET 1000 LIMIT 1")).rows[0]?.id ?? "0";
      const indexes = (await c.query<{ d: string }>("SELECT indexdef AS d FROM pg_indexes WHERE tablename = 'crm_object_ref' ORDER BY indexname")).rows.map((r) => r.d);
      const plan = async (sql: string) =>
        (await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`)).rows.map((r) => r["QUERY PLAN"]);
      const deepPage = Math.max(1, Math.floor((o.rows * 0.98) / 20));
      const keysetPlan = await plan(`SELECT ${COLUMNS} FROM crm_object_ref WHERE "id" > ${BigInt(deepAfter)} ORDER BY "id" ASC LIMIT 21`);
      const offsetPlan = await plan(`SELECT ${COLUMNS} FROM crm_object_ref ORDER BY "id" ASC LIMIT 20 OFFSET ${(deepPage - 1) * 20}`);
      return { loadMs, total, deepAfter, indexes, keysetPlan, offsetPlan, deepPage };
    });
    o.progress(`loaded in ${(facts.loadMs / 1000).toFixed(1)} s; timing the endpoints…`);

    const time = async (label: string, path: string): Promise<Timing> => {
      const server: number[] = [];
      const client: number[] = [];
      let rows = 0;
      for (let i = 0; i <= o.runs; i++) {
        const sample = await timer.sample(path);
        rows = sample.rows;
        if (i === 0) continue; // the first call warms the route and the plan cache
        client.push(sample.clientMs);
        if (sample.serverMs !== undefined) server.push(sample.serverMs);
      }
      return { label, path, serverMs: median(server), clientMs: median(client), runs: o.runs, rows };
    };
    const timings = [
      await time("cursor, first page", "/api/objects/local-cursor?limit=20"),
      await time(`cursor, deep (after=${facts.deepAfter})`, `/api/objects/local-cursor?limit=20&after=${facts.deepAfter}`),
      await time(`offset, page ${facts.deepPage.toLocaleString("en")}`, `/api/objects/local?page=${facts.deepPage}&limit=20`),
    ];
    return {
      loadedRows: o.rows,
      totalRows: facts.total,
      loadMs: facts.loadMs,
      timings,
      keysetPlan: facts.keysetPlan,
      offsetPlan: facts.offsetPlan,
      indexes: facts.indexes,
    };
  } finally {
    timer.stop();
  }
}
