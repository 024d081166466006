/** The printed figures of `npm run bench -- --mirror`, and its summary with targets. */
import type { MirrorResults } from "./mirror-phases";
import type { MirrorSearchResult } from "./mirror-search";
import { regsPerSecond } from "./report";
import { fmtMs, fmtNum } from "./stats";

/** Search over 1,000,000 mirrored contacts, server side. */
export const MIRROR_TARGETS = { searchMs: 50 };

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const pct = (x: number) => `${fmtNum(x * 100, 1)} %`;

export function formatMirrorSearch(r: MirrorSearchResult): string[] {
  const byKind = new Map<string, number[]>();
  for (const q of r.queries) if (q.serverMs !== undefined) byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), q.serverMs]);
  return [
    `rows                            ${r.rows.toLocaleString("en")} mirrored contacts (loaded in ${fmtMs(r.loadMs)})`,
    `search, ${r.queries.length} queries (server)    p50 ${fmtMs(r.p50ServerMs)}  p95 ${fmtMs(r.p95ServerMs)}`,
    `search, ${r.queries.length} queries (client)    p50 ${fmtMs(r.p50ClientMs)}  p95 ${fmtMs(r.p95ClientMs)}`,
    ...[...byKind].map(([kind, ms]) => `  ${pad(kind, 30)}${ms.map((m) => fmtMs(m)).join(", ")}  (rows: ${r.queries.filter((q) => q.kind === kind).map((q) => q.rows).join(", ")})`),
    `deep keyset page (sort=email, last page)  server ${fmtMs(r.deepPage.serverMs ?? Number.NaN)}  client ${fmtMs(r.deepPage.clientMs)}`,
    ...r.plans.flatMap((p) => [`EXPLAIN ANALYZE, ${p.label}:`, ...p.lines.map((l) => `  ${l}`)]),
  ];
}

export function formatMirrorShare(s: NonNullable<MirrorResults["share"]>): string[] {
  return [
    `registrations/s, mirror off     ${fmtNum(regsPerSecond(s.off.load))}`,
    `registrations/s, mirror on      ${fmtNum(regsPerSecond(s.on.load))}  (drop ${pct(s.throughputDrop)})`,
    `mirror calls in the window      ${s.mirrorCalls.objectReads} object batch reads, ${s.mirrorCalls.associationReads} association batch reads, ${s.mirrorCalls.searches} searches`,
    `mirror share of the budget      ${pct(s.budgetShare)} of the calls the window allowed (configured ${pct(s.configuredShare)}; search is outside that budget)`,
    `mirror share of the calls made  ${pct(s.callShare)} (of the budgeted calls actually made in the window)`,
  ];
}

export function formatMirrorSummary(r: MirrorResults, smoke = false): string[] {
  const rows: [string, string, string, boolean | undefined][] = [];
  if (r.share) {
    const s = r.share;
    rows.push(["registrations/s mirror off / on", `${fmtNum(regsPerSecond(s.off.load))} / ${fmtNum(regsPerSecond(s.on.load))}`, "", undefined]);
    rows.push(["throughput drop with the mirror", pct(s.throughputDrop), `≤ ${pct(s.configuredShare)}`, s.throughputDrop <= s.configuredShare]);
    rows.push(["mirror share of the budget", pct(s.budgetShare), `≤ ${pct(s.configuredShare)}`, s.budgetShare <= s.configuredShare]);
    rows.push(["  of the calls made", pct(s.callShare), "", undefined]);
  }
  if (r.search) {
    const ok = r.search.p95ServerMs < MIRROR_TARGETS.searchMs;
    rows.push([`search p50 / p95 (server, ${(r.search.rows / 1e6).toFixed(2)}M rows)`, `${fmtMs(r.search.p50ServerMs)} / ${fmtMs(r.search.p95ServerMs)}`, `p95 < ${MIRROR_TARGETS.searchMs} ms`, ok]);
  }
  const w = Math.max(0, ...rows.map((x) => x[0].length)) + 2;
  return [
    "============ BENCH SUMMARY (mirror) ============",
    ...(smoke ? ["(smoke run: small load and 5,000 rows, to check the bench works; the figures mean nothing)"] : []),
    ...rows.map(([k, v, t, ok]) => `${pad(k, w)}${pad(v, 16)}${pad(t ? `target ${t}` : "", 20)}${ok === undefined ? "" : ok ? "met" : "NOT MET"}`.trimEnd()),
    "================================================",
  ];
}
