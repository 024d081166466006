import "server-only";
import type { RegistrationInput, RegistrationResponse } from "@/lib/schemas/registration";
import { AppError, validationError } from "../../errors";
import { env } from "../../env";
import { logger } from "../../logger";
import { enqueueSync } from "../../queue";
import { classifySyncError } from "./classify-error";
import { holdLease, recordOutcome, type Lease, type Outcome } from "./store";
import { syncRegistration, type AttemptState } from "./sync";

export type SyncOutcome =
  | { kind: "synced"; response: RegistrationResponse }
  /** Refused input: the row is partial (HubSpot holds part of it) or failed; the caller gets a 400. */
  | { kind: "failed"; error: AppError }
  /** Stopped for staff, or waiting for another attempt: the row says why. */
  | { kind: "needs_attention"; error: unknown }
  | { kind: "pending"; error: unknown };

/** Background attempts back off exponentially (with jitter) up to SYNC_MAX_BACKOFF_SECONDS. */
export function backoffSeconds(attempts: number): number {
  const ceiling = Math.min(env.SYNC_MAX_BACKOFF_SECONDS, 2 * 2 ** Math.min(attempts - 1, 20));
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

const hasObjects = (known: Record<string, string>) => Object.keys(known).length > 0;

/** Where the failure leads (./classify-error.ts), recorded under the attempt's lease. */
async function recordFailure(state: AttemptState, e: unknown, isRetry: boolean): Promise<SyncOutcome> {
  const c = classifySyncError(e);
  const { lease } = state;
  if (c.kind === "refused" && isRetry && !hasObjects(state.known)) {
    // Refused on the background path with nothing written: the caller had a 202 and sees no 400, so
    // staff are asked to look (the reason names the field or property). With something written it
    // is partial, which waits for staff the same way and says what HubSpot holds.
    await recordOutcome(lease, { status: "needs_attention", reason: c.reason, cause: "refused" });
    return { kind: "needs_attention", error: e };
  }
  if (c.kind === "refused") {
    await recordOutcome(lease, { status: hasObjects(state.known) ? "partial" : "failed", reason: c.reason });
    const error = e instanceof AppError ? e : validationError(c.issues, "HubSpot refused the registration.");
    return { kind: "failed", error };
  }
  const isCapped = c.kind === "retry" && lease.attempts + 1 >= env.SYNC_MAX_ATTEMPTS;
  if (c.kind === "attention" || isCapped) {
    const reason = isCapped ? `gave up after ${lease.attempts + 1} attempts; last error: ${c.reason}` : c.reason;
    await recordOutcome(lease, { status: "needs_attention", reason, cause: c.kind === "attention" ? c.cause : "retry_cap" });
    return { kind: "needs_attention", error: e };
  }
  const backoff = backoffSeconds(lease.attempts + 1);
  // Held back for the daily allowance: no sooner than the limiter's next look at the new day.
  const delay = c.kind === "wait" ? Math.max(backoff, (c.retryAfterMs ?? 0) / 1000) : backoff;
  const outcome: Outcome = { status: "pending", reason: c.reason, retryInSeconds: delay };
  if ((await recordOutcome(lease, outcome)) !== null) await enqueueSync(lease.id, delay);
  return { kind: "pending", error: e };
}

/**
 * One attempt under a lease kept alive while it runs, with its bookkeeping; never throws. Synced:
 * the row holds the ids. Otherwise the row holds what HubSpot already has and where the error led
 * (docs/registration-states.md). `isRetry`: not the request's own first attempt. `isBackground`: a
 * bulk import's row, sent after every registration whose caller waits.
 */
export async function runSyncAttempt(lease: Lease, input: RegistrationInput, { isRetry = false, isBackground = false } = {}): Promise<SyncOutcome> {
  return holdLease(lease, async () => {
    const state: AttemptState = { lease, known: { ...lease.progress }, recording: [], isBackground };
    try {
      return { kind: "synced", response: await syncRegistration(state, input, isRetry) };
    } catch (e) {
      await Promise.allSettled(state.recording);
      try {
        return await recordFailure(state, e, isRetry);
      } catch (bookkeeping) {
        // The row is still pending; the worker's sweep finds it once its lease runs out.
        logger.error({ err: bookkeeping, registrationId: lease.id }, "could not record a failed sync attempt");
        return { kind: "pending", error: e };
      }
    }
  });
}
