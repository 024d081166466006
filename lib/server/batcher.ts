import "server-only";

/**
 * Gathers concurrent callers' work into shared batch calls.
 *
 * Natural batching: when nothing is waiting a group is sent at once (no added latency when idle);
 * otherwise new groups queue up and leave together in the next call, up to `maxItems` inputs. A
 * caller's group is never split, so one registration's deals always travel in one call.
 *
 * With `acquire` (HubSpot calls), sending is pipelined and bound by the rate budget, not by the
 * latency: one acquirer per batcher waits for the next rate-limit slot while earlier calls are
 * still in flight, forms the batch only once the slot is granted (late binding: whatever arrived
 * while it waited joins the call), sends it without waiting for the answer, and goes back for the
 * next slot while work is queued. So the calls in flight follow rate × latency by themselves: at
 * 10 calls/s and 600 ms a call, about six are in flight; idle, one. `maxInFlight` is only a cap.
 *
 * Background groups (a bulk import's rows) queue behind every other group: a caller who is waiting
 * for an answer always goes in the next call, however many background rows are queued.
 */
export interface BatcherOptions<In, Out> {
  maxItems: number;
  /** Calls of this kind allowed in flight at once (a cap; the rate limiter paces them). */
  maxInFlight: number;
  /**
   * Send one batch; returns one result per group, in order (a group's result may be an Error).
   * `hasSlot`: the rate-limit slot for its first call is already taken (see `acquire`).
   */
  send(groups: In[][], hasSlot: boolean): Promise<(Out | Error)[]>;
  /** Whether a failed multi-group batch should be split to find the group at fault. */
  shouldSplit?(error: unknown): boolean;
  /**
   * Wait for the call's rate-limit slot; the batch is formed after it is granted. `queue` tells
   * how full the next call would be, read while it waits.
   */
  acquire?(queue: QueueState): Promise<void>;
  /** The queue came to hold a whole call while the acquirer waits (it may be let go sooner). */
  onFull?(): void;
  /**
   * Without `acquire`: the least time between two calls. Idle, a group still goes at once; under
   * load, groups that arrive within it share the next call (a statement per few ms, not per row).
   */
  minGapMs?: number;
}

export interface QueueState {
  /** Whether the queue holds a whole call's inputs (`maxItems`) or more. */
  isFull(): boolean;
  /** Inputs the batcher's previous call carried (0 before the first). */
  lastItems(): number;
}

interface Pending<In, Out> {
  items: In[];
  isBackground: boolean;
  resolve(out: Out): void;
  reject(err: unknown): void;
}

export class Batcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  /** Groups at the head of the queue that are not background: new ones join after them. */
  private foreground = 0;
  private inFlight = 0;
  private isAcquiring = false;
  private isScheduled = false;
  private queuedItems = 0;
  private lastItems = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private gapTimer?: NodeJS.Timeout;
  private readonly state: QueueState = {
    isFull: () => this.queuedItems >= this.opts.maxItems,
    lastItems: () => this.lastItems,
  };

  constructor(private readonly opts: BatcherOptions<In, Out>) {}

  /** Queue a group for the next call; `isBackground` groups go after every other group. */
  submit(items: In[], isBackground = false): Promise<Out> {
    if (items.length > this.opts.maxItems) throw new Error(`a group of ${items.length} exceeds ${this.opts.maxItems} inputs`);
    return new Promise<Out>((resolve, reject) => {
      const pending = { items, isBackground, resolve, reject };
      if (isBackground) this.queue.push(pending);
      else this.queue.splice(this.foreground++, 0, pending);
      const wasFull = this.state.isFull();
      this.queuedItems += items.length;
      if (this.isAcquiring && !wasFull && this.state.isFull()) this.opts.onFull?.();
      this.schedule();
    });
  }

  /** Calls of this kind on the wire now, and groups waiting for one (for metrics, tests and the import feeder). */
  stats() {
    return { inFlight: this.inFlight, queuedGroups: this.queue.length, queuedBackground: this.queue.length - this.foreground, isAcquiring: this.isAcquiring };
  }

  /** Let callers that arrive in the same tick join before sending. */
  private schedule() {
    if (this.isScheduled) return;
    this.isScheduled = true;
    setImmediate(() => {
      this.isScheduled = false;
      this.pump();
    });
  }

  private pump() {
    if (this.opts.acquire) {
      if (!this.isAcquiring && this.queue.length && this.inFlight < this.opts.maxInFlight) void this.acquireThenSend(this.opts.acquire);
      return;
    }
    while (this.queue.length && this.inFlight < this.opts.maxInFlight) {
      const waitMs = this.lastSentAt + (this.opts.minGapMs ?? 0) - performance.now();
      if (waitMs > 0) {
        this.gapTimer ??= setTimeout(() => {
          this.gapTimer = undefined;
          this.pump();
        }, waitMs);
        return;
      }
      this.lastSentAt = performance.now();
      this.dispatch(this.takeBatch(), false);
    }
  }

  /** The batcher's one acquirer: a slot, then the batch that fits it, then back for the next. */
  private async acquireThenSend(acquire: (queue: QueueState) => Promise<void>) {
    this.isAcquiring = true;
    let slotError: unknown;
    let hasError = false;
    try {
      await acquire(this.state);
    } catch (e) {
      hasError = true;
      slotError = e;
    }
    this.isAcquiring = false;
    // Only the acquirer takes from the queue, so what made it ask for a slot is still there.
    const batch = this.takeBatch();
    if (hasError) for (const p of batch) p.reject(slotError);
    else {
      this.lastItems = batch.reduce((n, p) => n + p.items.length, 0);
      this.dispatch(batch, true);
    }
    this.pump();
  }

  private takeBatch(): Pending<In, Out>[] {
    const batch: Pending<In, Out>[] = [];
    let size = 0;
    while (this.queue.length && size + this.queue[0].items.length <= this.opts.maxItems) {
      const next = this.queue.shift()!;
      if (!next.isBackground) this.foreground--;
      size += next.items.length;
      batch.push(next);
    }
    this.queuedItems -= size;
    return batch;
  }

  private dispatch(batch: Pending<In, Out>[], hasSlot: boolean) {
    if (!batch.length) return;
    this.inFlight++;
    void this.run(batch, hasSlot).finally(() => {
      this.inFlight--;
      this.pump();
    });
  }

  private async run(batch: Pending<In, Out>[], hasSlot: boolean): Promise<void> {
    try {
      const results = await this.opts.send(
        batch.map((p) => p.items),
        hasSlot,
      );
      batch.forEach((p, i) => (results[i] instanceof Error ? p.reject(results[i]) : p.resolve(results[i] as Out)));
    } catch (err) {
      if (batch.length > 1 && this.opts.shouldSplit?.(err)) {
        const half = Math.ceil(batch.length / 2);
        await Promise.all([this.run(batch.slice(0, half), false), this.run(batch.slice(half), false)]);
        return;
      }
      for (const p of batch) p.reject(err);
    }
  }
}
