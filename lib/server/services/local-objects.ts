import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { LocalObject } from "@/lib/schemas/local-objects";
import { db } from "../db";

type Row = { id: bigint; objectType: string; hubspotId: string; label: string; registrationId: string | null; createdAt: Date };

const toLocalObject = (r: Row): LocalObject => ({
  id: r.id.toString(),
  object_type: r.objectType as CrmObjectType,
  hubspot_id: r.hubspotId,
  label: r.label,
  registration_id: r.registrationId,
  created_at: r.createdAt.toISOString(),
});

/** Offset paging: page numbers and totals. A page past the end is empty, not an error. */
export async function listLocalObjects({ page, limit, type }: { page: number; limit: number; type?: CrmObjectType }) {
  const where = type ? { objectType: type } : {};
  const [total, rows] = await Promise.all([
    db.crmObjectRef.count({ where }),
    db.crmObjectRef.findMany({ where, orderBy: { id: "asc" }, skip: (page - 1) * limit, take: limit }),
  ]);
  return { page, limit, total_pages: Math.ceil(total / limit), total_records: total, results: rows.map(toLocalObject) };
}

/**
 * Keyset paging on the primary key: `WHERE id > after ORDER BY id LIMIT n` is one index range
 * scan at any depth, and rows inserted meanwhile never shift a page.
 */
export async function listLocalObjectsAfter({ limit, after, type }: { limit: number; after?: string; type?: CrmObjectType }) {
  const rows = await db.crmObjectRef.findMany({
    where: { ...(after ? { id: { gt: BigInt(after) } } : {}), ...(type ? { objectType: type } : {}) },
    orderBy: { id: "asc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { results: page.map(toLocalObject), next_after: rows.length > limit ? page[page.length - 1].id.toString() : null };
}
