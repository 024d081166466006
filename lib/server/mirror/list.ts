import "server-only";
import { decodeMirrorCursor, encodeMirrorCursor, searchTerms } from "@/lib/schemas/mirror-query";
import type { CrmObjectsQuery } from "@/lib/schemas/crm-objects";
import { sqlPool } from "../db";
import { readState } from "./sync-state";
import { MIRROR_TABLE, SORT_COLUMNS } from "./tables";

/** How each sort column's cursor value is cast back (text unless named). */
const COLUMN_CAST: Record<string, string> = { created_at: "timestamptz", sort_amount: "numeric" };

interface Row {
  id: string;
  properties: Record<string, string>;
  created_at: Date;
  modified_at: Date;
  sort_value: string | null;
}

/** When the mirror last heard from HubSpot about this type: its newest row, or the last catch-up. */
async function lastSyncedAt(table: string): Promise<string | null> {
  const [{ rows }, catchUp] = await Promise.all([
    sqlPool().query<{ at: Date | null }>(`SELECT max(synced_at) AS at FROM ${table}`),
    readState<{ finishedAt: number }>("catchup"),
  ]);
  const times = [rows[0]?.at?.getTime(), catchUp.finishedAt].filter((t): t is number => typeof t === "number");
  return times.length ? new Date(Math.max(...times)).toISOString() : null;
}

/**
 * Rows read in sort order before a search falls back to its index (see below): many in id or
 * creation order (they follow the table's physical order, so reading them is cheap), fewer in the
 * order of a text column (each row is elsewhere on disk).
 */
const probeRows = (column: string) => (column === "id" || column === "created_at" ? 20_000 : 1_000);

/** The search condition, its tsquery in parameter `$n`. */
const matching = (n: number) => `search @@ to_tsquery('simple', $${n})`;

/**
 * Whether walking `probe` rows in sort order should find a full page twice over: the planner's
 * estimate of the matches (one EXPLAIN, no execution) against the table's live rows.
 */
async function isWalkWorthIt(table: string, tsquery: string, probe: number, limit: number): Promise<boolean> {
  const [plan, size] = await Promise.all([
    sqlPool().query<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE deleted_at IS NULL AND ${matching(1)}`,
      [tsquery],
    ),
    sqlPool().query<{ rows: number }>(`SELECT greatest(reltuples, 1)::float8 AS rows FROM pg_class WHERE oid = $1::regclass`, [table]),
  ]);
  const matches = plan.rows[0]["QUERY PLAN"][0].Plan["Plan Rows"];
  const rows = size.rows[0]?.rows ?? 1;
  return (matches / rows) * probe >= 2 * (limit + 1);
}

/**
 * One page of the mirror, in the shape of the live answer: live rows only, `q` as prefix words
 * over the type's search column (tsvector, GIN), keyset paging on (sort column, id) in either
 * direction, so any page costs the same. The query was checked by its schema (sort, cursor).
 *
 * A search has two good plans and the planner cannot tell which: walk the sort index and test
 * each row (fast when matches are common and spread out), or take the matches from the GIN index
 * and sort them (fast when they are few). Walking loses badly when matches are common but bunched
 * far down the order (a first name sorted by name or email: seconds at a million rows), taking the
 * matches loses when there are tens of thousands. So the planner's estimate of the matches
 * (`EXPLAIN`, from the tsvector's statistics) decides: a bounded walk of the first rows in order
 * only when it should hold a full page twice over, and the matches from the index when the walk
 * did not fill the page or was not worth trying. Both carry only ids and sort values until the
 * page is known; its rows are read last.
 */
export async function listMirrorObjects({ type, limit, after, q, sort = "id" }: CrmObjectsQuery) {
  const table = MIRROR_TABLE[type];
  const descending = sort.startsWith("-");
  const column = (SORT_COLUMNS[type] as Record<string, string>)[sort.replace(/^-/, "")];
  const direction = descending ? "DESC" : "ASC";
  const values: unknown[] = [];
  const where = ["deleted_at IS NULL"];
  const cursor = after ? decodeMirrorCursor(after) : null;
  if (cursor) {
    const op = descending ? "<" : ">";
    values.push(cursor.id);
    const idParam = `$${values.length}::bigint`;
    if (column === "id") where.push(`id ${op} ${idParam}`);
    else {
      values.push(cursor.value);
      where.push(`(${column}, id) ${op} ($${values.length}::${COLUMN_CAST[column] ?? "text"}, ${idParam})`);
    }
  }
  values.push(limit + 1);
  const take = `LIMIT $${values.length}`;
  const order = column === "id" ? `id ${direction}` : `${column} ${direction}, id ${direction}`;
  const sortValue = column === "created_at" ? "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')" : `${column}::text`;
  const output = `SELECT id::text, properties, created_at, modified_at, ${sortValue} AS sort_value`;
  const keys = column === "id" ? "id" : `id, ${column}`;
  const run = (text: string, params = values) => sqlPool().query<Row>(text, params).then((r) => r.rows);
  const page = (top: string) => `WITH ${top} ${output} FROM ${table} WHERE id IN (SELECT id FROM top) ORDER BY ${order}`;
  const read = async (): Promise<Row[]> => {
    if (q === undefined) return run(`${output} FROM ${table} WHERE ${where.join(" AND ")} ORDER BY ${order} ${take}`);
    const tsquery = searchTerms(q).map((t) => `'${t}':*`).join(" & ");
    const params = [...values, tsquery];
    const match = matching(params.length);
    const fromIndex = () =>
      run(
        page(`matches AS MATERIALIZED (SELECT ${keys} FROM ${table} WHERE ${[...where, match].join(" AND ")}),
              top AS (SELECT id FROM matches ORDER BY ${order} ${take})`),
        params,
      );
    if (!(await isWalkWorthIt(table, tsquery, probeRows(column), limit))) return fromIndex();
    const walked = await run(
      page(`top AS (SELECT id FROM (SELECT ${keys}, search FROM ${table} WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${probeRows(column)}) AS walked
              WHERE ${match} ORDER BY ${order} ${take})`),
      params,
    );
    return walked.length > limit ? walked : fromIndex();
  };
  const [rows, syncedAt] = await Promise.all([read(), lastSyncedAt(table)]);
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    [type]: shown.map((r) => ({ id: r.id, properties: r.properties, createdAt: r.created_at.toISOString(), updatedAt: r.modified_at.toISOString(), archived: false })),
    next_after: rows.length > limit && last ? encodeMirrorCursor({ sort, value: last.sort_value, id: last.id }) : null,
    source: "mirror" as const,
    last_synced_at: syncedAt,
  };
}
