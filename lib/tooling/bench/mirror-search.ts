/**
 * The mirror at scale: `rows` contacts loaded into mirror_contact in one INSERT … SELECT
 * generate_series (names drawn from 200 first and 1,000 last names, so a first name matches
 * ~0.5 % of the rows, a last name ~0.1 %, an email one row) and vacuumed, then `queries` searches through
 * GET /api/crm/objects (q, with and without sort), and a deep keyset page, timed server and
 * client side (endpoint-timing.ts). EXPLAIN ANALYZE shows the plans of a common and a rare query.
 */
import { encodeMirrorCursor } from "../../schemas/mirror-query";
import type { AppProcess } from "./app-process";
import { withPgClient as withClient } from "../../runtime/database-admin";
import { endpointTimer } from "./endpoint-timing";
import type { HttpClient } from "./http-client";
import { percentile } from "./stats";

export interface MirrorSearchResult {
  rows: number;
  loadMs: number;
  queries: { kind: string; path: string; serverMs?: number; clientMs: number; rows: number }[];
  p50ServerMs: number;
  p95ServerMs: number;
  p50ClientMs: number;
  p95ClientMs: number;
  deepPage: { serverMs?: number; clientMs: number };
  plans: { label: string; lines: string[] }[];
}

const SYLLABLES = ["ka", "lo", "mi", "ra", "ne", "to", "su", "vi", "de", "ba", "go", "ri", "pa", "el", "an", "or", "us", "il", "en", "at"];
/** The i-th made-up name: two or three syllables, capitalised (deterministic). */
const nameOf = (i: number, parts: number) => {
  let s = "";
  for (let k = 0, n = i; k < parts; k++, n = Math.floor(n / SYLLABLES.length)) s += SYLLABLES[n % SYLLABLES.length];
  return s[0].toUpperCase() + s.slice(1);
};
const FIRST = Array.from({ length: 200 }, (_, i) => nameOf(i * 7 + 3, 2) + nameOf(i, 1).toLowerCase());
const LAST = Array.from({ length: 1000 }, (_, i) => nameOf(i * 13 + 5, 3));

/** The rows: id 10,000,000 + g, email `first.last.g@domainN.example`, created one second apart. */
const LOAD_SQL = `
  INSERT INTO mirror_contact (id, properties, created_at, modified_at, synced_at)
  SELECT 10000000 + g,
         jsonb_build_object('email', lower(f) || '.' || lower(l) || '.' || g || '@domain' || (g % 50) || '.example',
                            'firstname', f, 'lastname', l, 'phone', '+1 555 ' || lpad((g % 10000000)::text, 7, '0')),
         now() - make_interval(secs => $1::int - g), now() - make_interval(secs => $1::int - g), now()
    FROM generate_series(1, $1::int) AS g,
         LATERAL (SELECT ($2::text[])[1 + g % 200] AS f, ($3::text[])[1 + (g / 200) % 1000] AS l) AS n`;

/** 50 queries (or `count`): common first names, last names, whole emails, two words, short prefixes, sorted. */
function queryPaths(count: number, rows: number): { kind: string; path: string }[] {
  const g = (i: number) => 1 + ((i * 7919) % rows);
  const email = (i: number) => `${FIRST[g(i) % 200].toLowerCase()}.${LAST[Math.floor(g(i) / 200) % 1000].toLowerCase()}.${g(i)}`;
  const kinds: [string, (i: number) => string][] = [
    ["first name (~0.5 %)", (i) => `q=${FIRST[(i * 31) % 200]}`],
    ["last name (~0.1 %)", (i) => `q=${LAST[(i * 37) % 1000]}`],
    ["email (1 row)", (i) => `q=${encodeURIComponent(email(i))}`],
    ["first + last name", (i) => `q=${encodeURIComponent(`${FIRST[g(i) % 200]} ${LAST[Math.floor(g(i) / 200) % 1000]}`)}`],
    ["3-letter prefix", (i) => `q=${FIRST[(i * 11) % 200].slice(0, 3)}`],
    ["first name, sort=name", (i) => `q=${FIRST[(i * 17) % 200]}&sort=name`],
    ["last name, sort=-created", (i) => `q=${LAST[(i * 19) % 1000]}&sort=-created`],
    ["first name, sort=email", (i) => `q=${FIRST[(i * 23) % 200]}&sort=email`],
  ];
  return Array.from({ length: count }, (_, i) => {
    const [kind, make] = kinds[i % kinds.length];
    return { kind, path: `/api/crm/objects?type=contacts&limit=20&${make(Math.floor(i / kinds.length) + 1)}` };
  });
}

export async function runMirrorSearch(o: {
  databaseUrl: string;
  client: HttpClient;
  app: AppProcess;
  apiKey: string;
  rows: number;
  queries: number;
  progress(msg: string): void;
}): Promise<MirrorSearchResult> {
  o.progress(`loading ${o.rows.toLocaleString("en")} mirrored contacts into mirror_contact…`);
  const t0 = Date.now();
  const plans = await withClient(o.databaseUrl, async (c) => {
    await c.query(LOAD_SQL, [o.rows, FIRST, LAST]);
    // The state autovacuum leaves a table in after a large insert (PostgreSQL vacuums insert-only
    // tables too): hint bits set and the visibility map written. Without it the first searches
    // would pay for writing hint bits on every page they touch, which a settled mirror never does.
    await c.query("VACUUM (ANALYZE) mirror_contact");
    const explain = async (label: string, q: string, order: string) => ({
      label,
      lines: (
        await c.query<{ "QUERY PLAN": string }>(
          `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, properties FROM mirror_contact
            WHERE deleted_at IS NULL AND search @@ to_tsquery('simple', $1) ORDER BY ${order} LIMIT 21`,
          [q],
        )
      ).rows.map((r) => r["QUERY PLAN"]),
    });
    return [
      await explain(`common word ("${FIRST[5]}"), by id`, `'${FIRST[5].toLowerCase()}':*`, "id"),
      await explain(`rare pair ("${FIRST[1]} ${LAST[0]}"), by name`, `'${FIRST[1].toLowerCase()}':* & '${LAST[0].toLowerCase()}':*`, "sort_name, id"),
    ];
  });
  const loadMs = Date.now() - t0;
  o.progress(`loaded in ${(loadMs / 1000).toFixed(1)} s; timing ${o.queries} searches…`);
  const timer = endpointTimer(o.app, o.client, o.apiKey, "bench-mirror-");
  try {
    await timer.sample("/api/crm/objects?q=warmup&limit=20");
    const queries = [];
    for (const q of queryPaths(o.queries, o.rows)) queries.push({ ...q, ...(await timer.sample(q.path)) });
    // As deep as keyset paging goes: the last page of all contacts sorted by email.
    const lastEmail = (await withClient(o.databaseUrl, (c) => c.query<{ e: string; id: string }>(
      "SELECT sort_email AS e, id::text FROM mirror_contact WHERE deleted_at IS NULL ORDER BY sort_email DESC, id DESC OFFSET 20 LIMIT 1",
    ))).rows[0];
    const cursor = encodeMirrorCursor({ sort: "email", value: lastEmail.e, id: lastEmail.id });
    const deep = await timer.sample(`/api/crm/objects?type=contacts&limit=20&sort=email&after=${cursor}`);
    const server = queries.map((q) => q.serverMs).filter((v): v is number => v !== undefined);
    const client = queries.map((q) => q.clientMs);
    return {
      rows: o.rows,
      loadMs,
      queries,
      p50ServerMs: percentile(server, 0.5),
      p95ServerMs: percentile(server, 0.95),
      p50ClientMs: percentile(client, 0.5),
      p95ClientMs: percentile(client, 0.95),
      deepPage: { serverMs: deep.serverMs, clientMs: deep.clientMs },
      plans,
    };
  } finally {
    timer.stop();
  }
}
