import "server-only";
import { env } from "../../env";
import { logger } from "../../logger";
import { enqueueSync } from "../../queue";

/**
 * A bound on the sync attempts this process holds in memory on the request path. An attempt that
 * misses REGISTER_DEADLINE_MS goes on in the background, its payload queued in the batchers until
 * HubSpot's budget lets it out; under sustained overload those would pile up without limit (RSS
 * and event-loop lag growing until even /api/health stalls). Past SYNC_INFLIGHT_MAX_ATTEMPTS
 * attempts or SYNC_INFLIGHT_MAX_BYTES of payload, a registration is only stored and answered 202
 * at once; the worker, bounded by WORKER_CONCURRENCY, syncs it from PostgreSQL.
 */

export interface InflightLimits {
  maxAttempts: number;
  maxBytes: number;
}

export interface InflightSlot {
  /** Hold the slot until `attempt` settles; returns it unchanged. */
  track<T>(attempt: Promise<T>): Promise<T>;
  /** Give the slot back (idempotent), when no attempt will run after all. */
  release(): void;
}

/** The counting itself, separate from the process-wide instance so it can be tested with any limits. */
export class InflightBound {
  attempts = 0;
  bytes = 0;
  peakAttempts = 0;
  peakBytes = 0;
  /** Registrations answered 202 at once because the bound was reached. */
  deferred = 0;

  constructor(private readonly limits: InflightLimits) {}

  /** A place for one attempt of `size` bytes, or null when it would pass a limit (one attempt always fits). */
  reserve(size: number): InflightSlot | null {
    const full = this.attempts >= this.limits.maxAttempts || (this.attempts > 0 && this.bytes + size > this.limits.maxBytes);
    if (full) {
      this.deferred++;
      return null;
    }
    this.attempts++;
    this.bytes += size;
    this.peakAttempts = Math.max(this.peakAttempts, this.attempts);
    this.peakBytes = Math.max(this.peakBytes, this.bytes);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.attempts--;
      this.bytes -= size;
    };
    return { release, track: (attempt) => attempt.finally(release) };
  }
}

export const syncInflight = new InflightBound({ maxAttempts: env.SYNC_INFLIGHT_MAX_ATTEMPTS, maxBytes: env.SYNC_INFLIGHT_MAX_BYTES });

/** About the length of `value` as JSON, without building the string (a 50 KB payload: µs, not 150 µs). */
export function approximateJsonSize(value: unknown): number {
  if (typeof value === "string") return value.length + 2;
  if (value === null || typeof value !== "object") return 8;
  let size = 2;
  for (const [k, v] of Object.entries(value)) size += k.length + 4 + approximateJsonSize(v);
  return size;
}

/** A slot for `input`'s sync attempt on the request path, or null: then store it and hand it to the worker. */
export function reserveSyncSlot(input: unknown): InflightSlot | null {
  const slot = syncInflight.reserve(approximateJsonSize(input));
  if (!slot) warnDeferring();
  return slot;
}

/**
 * Queue a stored registration for the worker, without making the caller wait: it is already stored
 * and unleased, so if the job cannot be queued the worker's sweep finds it anyway.
 */
export function deferToWorker(registrationId: string): void {
  enqueueSync(registrationId).catch((err) => logger.warn({ err, registrationId }, "could not queue a deferred registration; the sweep will"));
}

let lastWarning = 0;
function warnDeferring() {
  if (Date.now() - lastWarning < 10_000) return;
  lastWarning = Date.now();
  const { attempts, bytes, deferred } = syncInflight;
  logger.warn({ attempts, bytes, deferred }, "in-memory sync attempts at their bound: new registrations are stored and left to the worker");
}
