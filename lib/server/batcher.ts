import "server-only";

/**
 * Gathers concurrent callers' work into shared HubSpot batch calls.
 *
 * Natural batching: when nothing is in flight a group is sent at once (no added latency when
 * idle); while calls are in flight (or waiting for rate budget) new groups queue up and leave
 * together in the next call, up to `maxItems` inputs. A caller's group is never split, so one
 * registration's deals always travel in one call.
 */
export interface BatcherOptions<In, Out> {
  maxItems: number;
  /** Calls of this kind allowed in flight at once. */
  maxInFlight: number;
  /**
   * Send one batch; returns one result per group, in order (a group's result may be an Error).
   * `hasSlot`: the rate-limit slot for its first call is already taken (see `acquire`).
   */
  send(groups: In[][], hasSlot: boolean): Promise<(Out | Error)[]>;
  /** Whether a failed multi-group batch should be split to find the group at fault. */
  shouldSplit?(error: unknown): boolean;
  /**
   * Wait for the call's rate-limit slot *before* the batch is formed (late binding): callers
   * arriving while we wait still join this call, so batches fill up when the budget is tight.
   */
  acquire?(): Promise<void>;
}

interface Pending<In, Out> {
  items: In[];
  resolve(out: Out): void;
  reject(err: unknown): void;
}

export class Batcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly opts: BatcherOptions<In, Out>) {}

  submit(items: In[]): Promise<Out> {
    if (items.length > this.opts.maxItems) throw new Error(`a group of ${items.length} exceeds ${this.opts.maxItems} inputs`);
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.schedule();
    });
  }

  /** Let callers that arrive in the same tick join before sending. */
  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length && this.inFlight < this.opts.maxInFlight) {
      this.inFlight++;
      void this.sendNext().finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async sendNext(): Promise<void> {
    let slotError: unknown;
    if (this.opts.acquire) await this.opts.acquire().catch((e) => (slotError = e));
    const batch: Pending<In, Out>[] = [];
    let size = 0;
    while (this.queue.length && size + this.queue[0].items.length <= this.opts.maxItems) {
      const next = this.queue.shift()!;
      size += next.items.length;
      batch.push(next);
    }
    if (slotError !== undefined) {
      for (const p of batch) p.reject(slotError);
      return;
    }
    if (batch.length) await this.run(batch, Boolean(this.opts.acquire));
  }

  private async run(batch: Pending<In, Out>[], hasSlot: boolean): Promise<void> {
    try {
      const results = await this.opts.send(batch.map((p) => p.items), hasSlot);
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
