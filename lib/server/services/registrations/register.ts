import "server-only";
import { createHash } from "node:crypto";
import type { Registration } from "@/lib/generated/prisma/client";
import { sleep } from "@/lib/runtime/sleep";
import type { RegistrationAccepted, RegistrationInput, RegistrationResponse } from "@/lib/schemas/registration";
import { db } from "../../db";
import { AppError, validationError } from "../../errors";
import { env } from "../../env";
import { insertRegistration } from "./store";
import { runSyncAttempt, type SyncOutcome } from "./attempt";
import { precheckRegistration } from "./portal-options";
import { SUCCESS_MESSAGE } from "./sync";
import { deferToWorker, reserveSyncSlot } from "./sync-inflight";

/** What registerContact answers: the status and body the route sends, and whether it replays an earlier answer. */
export type RegisterOutcome =
  | { status: 200; body: RegistrationResponse; isReplay: boolean }
  | { status: 202; body: RegistrationAccepted; isReplay: boolean };

/** Canonical hash of the validated body: same key + same hash = the same request. */
export const hashPayload = (input: unknown) => createHash("sha256").update(JSON.stringify(input)).digest("hex");

const ACCEPTED_MESSAGE = "Accepted: HubSpot could not take it right now; the registration will be synced in the background.";

function accepted(id: string, isReplay = false): RegisterOutcome {
  return {
    status: 202,
    isReplay,
    body: { success: true, status: "pending", message: ACCEPTED_MESSAGE, registration_id: id, status_url: `/api/registrations/${id}` },
  };
}

/** What the first request with this key answered (or answers now, if it is still running). */
function replay(row: Registration, hash: string): RegisterOutcome {
  if (row.requestHash !== hash) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different body.");
  }
  if (row.status === "synced") {
    return {
      status: 200,
      isReplay: true,
      body: { success: true, message: SUCCESS_MESSAGE, contact_id: row.contactId!, deal_ids: row.dealIds, ticket_ids: row.ticketIds },
    };
  }
  if (row.status === "failed" || row.status === "partial") {
    throw validationError([{ field: "(body)", message: row.lastError ?? "refused" }], "This registration was refused.");
  }
  return accepted(row.id, true);
}

/** A concurrent request with the same key is still running: wait for its answer up to the deadline. */
async function awaitFirst(key: string, hash: string, deadline: number): Promise<RegisterOutcome> {
  for (;;) {
    const row = await db.registration.findUnique({ where: { idempotencyKey: key } });
    if (!row) throw new AppError("CONFLICT", "A request with this Idempotency-Key is in flight; retry shortly.");
    if (row.status !== "pending" || Date.now() >= deadline) return replay(row, hash);
    await sleep(100);
  }
}

function fromOutcome(id: string, outcome: SyncOutcome | "deadline"): RegisterOutcome {
  // Waiting for another attempt or for staff: stored, and its status URL says which.
  if (outcome === "deadline" || outcome.kind === "pending" || outcome.kind === "needs_attention") return accepted(id);
  if (outcome.kind === "failed") throw outcome.error;
  return { status: 200, isReplay: false, body: outcome.response };
}

/**
 * Commit the registration to PostgreSQL first, then try HubSpot for up to REGISTER_DEADLINE_MS.
 * In time: the seed's answer. Not in time or HubSpot unavailable: 202 and a worker finishes it.
 * Refused input: 400, and the stored registration is marked failed with the reason.
 */
export async function registerContact({ input, idempotencyKey, caller }: { input: RegistrationInput; idempotencyKey?: string; caller?: string }): Promise<RegisterOutcome> {
  const hash = hashPayload(input);
  const deadline = Date.now() + env.REGISTER_DEADLINE_MS;
  if (idempotencyKey) {
    const existing = await db.registration.findUnique({ where: { idempotencyKey } });
    if (existing) return existing.status === "pending" ? awaitFirst(idempotencyKey, hash, deadline) : replay(existing, hash);
  }
  await precheckRegistration(input, Math.min(2_000, env.REGISTER_DEADLINE_MS));
  // Past SYNC_INFLIGHT_MAX_*: no attempt here; stored unleased, answered 202 at once, the worker syncs it.
  const slot = reserveSyncSlot(input);
  const registration = await insertRegistration({
    payload: input,
    requestHash: hash,
    idempotencyKey,
    email: input.contact.email,
    caller,
    lockedUntil: slot ? new Date(deadline + env.SYNC_LEASE_SECONDS * 1000) : new Date(),
  }).catch((e: unknown) => {
    slot?.release();
    throw e;
  });
  // Another request with this key stored its registration first: answer as it does.
  if (!registration) {
    slot?.release();
    return awaitFirst(idempotencyKey!, hash, deadline);
  }
  if (!slot) {
    deferToWorker(registration.id);
    return accepted(registration.id);
  }
  const lease = { ...registration, attempts: 0, progress: {}, createdAt: new Date(), email: input.contact.email.toLowerCase() };
  const attempt = slot.track(runSyncAttempt(lease, input));
  const outcome = await Promise.race([attempt, sleep(Math.max(0, deadline - Date.now())).then(() => "deadline" as const)]);
  // Past the deadline the attempt goes on and records its own result.
  return fromOutcome(registration.id, outcome);
}

