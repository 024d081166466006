import "server-only";
import type { RegistrationStatus } from "@/lib/schemas/registration";
import type { Registration } from "@/lib/generated/prisma/client";
import { db } from "../../db";
import { AppError } from "../../errors";
import { enqueueSync } from "../../queue";
import { reopenRegistration } from "./store";

/** Ids recorded step by step (`deal:0`, `deal:2`), in position order: what a not yet synced registration holds. */
function recorded(progress: unknown, kind: string): string[] {
  const entries = Object.entries((progress ?? {}) as Record<string, string>).filter(([slot]) => slot.startsWith(`${kind}:`));
  return entries.sort(([a], [b]) => Number(a.split(":")[1]) - Number(b.split(":")[1])).map(([, id]) => id);
}

export function toRegistrationStatus(r: Registration): RegistrationStatus {
  const email = (r.payload as { contact?: { email?: string } } | null)?.contact?.email ?? null;
  const isSynced = r.status === "synced";
  return {
    registration_id: r.id,
    status: r.status as RegistrationStatus["status"],
    attempts: r.attempts,
    last_error: r.lastError,
    contact_id: r.contactId,
    deal_ids: isSynced ? r.dealIds : recorded(r.progress, "deal"),
    ticket_ids: isSynced ? r.ticketIds : recorded(r.progress, "ticket"),
    email,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    synced_at: r.syncedAt?.toISOString() ?? null,
    next_attempt_at: r.status === "pending" ? (r.nextAttemptAt?.toISOString() ?? null) : null,
  };
}

/** `caller`: only that caller's registrations exist for this request (a key without `read`). */
export async function getRegistrationOrThrow(id: string, caller?: string): Promise<Registration> {
  const row = await db.registration.findUnique({ where: { id } });
  if (!row || (caller !== undefined && row.caller !== caller)) throw new AppError("NOT_FOUND", "No registration with this id.");
  return row;
}

/** Newest first, keyset on (created_at, id). */
export async function listRegistrations({ limit, status, before, caller }: { limit: number; status?: string; before?: string; caller?: string }) {
  const cursor = before ? await db.registration.findUnique({ where: { id: before } }) : null;
  const rows = await db.registration.findMany({
    where: {
      ...(status ? { status } : {}),
      ...(caller !== undefined ? { caller } : {}),
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { results: page.map(toRegistrationStatus), next_before: rows.length > limit ? page[page.length - 1].id : null };
}

/** Staff retry: a registration waiting for staff (or for its next attempt) is pending, due now, and queued. */
export async function retryRegistration(id: string, caller?: string): Promise<RegistrationStatus> {
  const row = await getRegistrationOrThrow(id, caller);
  if (row.status === "synced") throw new AppError("CONFLICT", "This registration is already synced.");
  const updated = await reopenRegistration(id);
  if (!updated) throw new AppError("CONFLICT", "This registration is already synced.");
  await enqueueSync(id);
  return toRegistrationStatus(updated);
}

/**
 * The contact id a newer registration for this email recorded, if any: an older registration's
 * retry uses it instead of writing its older data over the newer one's.
 */
export async function findNewerContactId(email: string, createdAt: Date, id: string): Promise<string | undefined> {
  const rows = await db.$queryRaw<{ contact_id: string }[]>`
    SELECT contact_id FROM registration
    WHERE email = ${email} AND contact_id IS NOT NULL AND id <> ${id}::uuid AND created_at > ${createdAt}
    ORDER BY created_at DESC LIMIT 1`;
  return rows[0]?.contact_id;
}
