import "server-only";
import type { RegistrationStatus } from "@/lib/schemas/registration";
import type { Registration } from "@/lib/generated/prisma/client";
import { db } from "../db";
import { AppError } from "../errors";
import { enqueueSync } from "../queue";

export function toRegistrationStatus(r: Registration): RegistrationStatus {
  const email = (r.payload as { contact?: { email?: string } } | null)?.contact?.email ?? null;
  return {
    registration_id: r.id,
    status: r.status as RegistrationStatus["status"],
    attempts: r.attempts,
    last_error: r.lastError,
    contact_id: r.contactId,
    deal_ids: r.dealIds,
    ticket_ids: r.ticketIds,
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

/** Staff retry: a failed (or waiting) registration goes back to pending and is queued now. */
export async function retryRegistration(id: string, caller?: string): Promise<RegistrationStatus> {
  const row = await getRegistrationOrThrow(id, caller);
  if (row.status === "synced") throw new AppError("CONFLICT", "This registration is already synced.");
  // A failed row has no attempt running; a pending one may, so its lease is left to run out.
  const updated = await db.registration.update({
    where: { id },
    data: row.status === "failed" ? { status: "pending", nextAttemptAt: new Date(), lockedUntil: null } : { nextAttemptAt: new Date() },
  });
  await enqueueSync(id);
  return toRegistrationStatus(updated);
}
