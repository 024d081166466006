// The batcher's sending discipline, with a rate gate that grants a slot every 20 ms and a "HubSpot"
// that answers in 100 ms: calls overlap (bound by the slots, not by the latency), each batch is
// formed when its slot is granted, and no slot is ever taken without a batch to spend it on.
import { describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { Batcher } from "./batcher";

function pacedGate(spacingMs: number) {
  let next = 0;
  const granted: number[] = [];
  return {
    granted,
    acquire: async () => {
      const now = Date.now();
      next = Math.max(next, now);
      const at = next;
      next += spacingMs;
      await sleep(at - now);
      granted.push(Date.now());
    },
  };
}

function recordingSender(latencyMs: number) {
  const sent: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    sent,
    get maxInFlight() {
      return maxInFlight;
    },
    send: async (groups: number[][]) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sent.push(groups.flat());
      await sleep(latencyMs);
      inFlight--;
      return groups.map((g) => g.reduce((a, b) => a + b, 0));
    },
  };
}

describe("Batcher with a rate gate", () => {
  it("keeps several calls in flight when the latency is longer than the slot spacing", async () => {
    const gate = pacedGate(20);
    const sender = recordingSender(100);
    const batcher = new Batcher<number, number>({ maxItems: 10, maxInFlight: 16, send: sender.send, acquire: gate.acquire });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => batcher.submit([i])));
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // One call at a time would have been 1; the slots (every 20 ms) against 100 ms calls allow ~5.
    expect(sender.maxInFlight).toBeGreaterThanOrEqual(3);
    // Every slot granted carried a batch, and every batch was full but maybe the last.
    expect(gate.granted).toHaveLength(sender.sent.length);
    expect(sender.sent.slice(0, -1).every((b) => b.length === 10)).toBe(true);
  });

  it("sends at once when idle and respects the in-flight cap", async () => {
    const gate = pacedGate(0);
    const sender = recordingSender(50);
    const batcher = new Batcher<number, number>({ maxItems: 2, maxInFlight: 2, send: sender.send, acquire: gate.acquire });
    expect(await batcher.submit([7])).toBe(7);
    await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.submit([i])));
    expect(sender.maxInFlight).toBe(2);
    expect(batcher.stats()).toEqual({ inFlight: 0, queuedGroups: 0, queuedBackground: 0, isAcquiring: false });
  });

  it("fails the batch a slot could not be had for, and serves what comes next", async () => {
    let refuse = true;
    const sender = recordingSender(1);
    const batcher = new Batcher<number, number>({
      maxItems: 10,
      maxInFlight: 4,
      send: sender.send,
      acquire: async () => {
        if (refuse) throw new Error("daily allowance spent");
      },
    });
    await expect(batcher.submit([1])).rejects.toThrow("daily allowance spent");
    refuse = false;
    expect(await batcher.submit([2])).toBe(2);
    expect(sender.sent).toEqual([[2]]);
  });
});

describe("background groups", () => {
  it("go after every waiting caller's group, so a caller is in the next call however many background groups queue", async () => {
    const sender = recordingSender(10);
    const gate = pacedGate(30);
    const b = new Batcher<number, number>({ maxItems: 4, maxInFlight: 8, send: sender.send, acquire: gate.acquire });
    const background = Array.from({ length: 10 }, (_, i) => b.submit([100 + i], true));
    await sleep(5);
    const live = [b.submit([1]), b.submit([2])];
    await Promise.all([...background, ...live]);
    // The first call had already left with background rows; the callers' groups lead the next one.
    expect(sender.sent[1].slice(0, 2)).toEqual([1, 2]);
    // Background groups keep their order among themselves.
    expect(sender.sent.flat().filter((n) => n >= 100)).toEqual(Array.from({ length: 10 }, (_, i) => 100 + i));
    expect(b.stats()).toMatchObject({ queuedGroups: 0, queuedBackground: 0 });
  });
});

describe("what the acquirer is told", () => {
  it("how full the next call would be, what the last one carried, and when the queue fills while it waits", async () => {
    const sender = recordingSender(1);
    let release!: () => void;
    const seen: { isFull: boolean; lastItems: number }[] = [];
    let filled = 0;
    const b = new Batcher<number, number>({
      maxItems: 4,
      maxInFlight: 8,
      send: sender.send,
      acquire: async (queue) => {
        seen.push({ isFull: queue.isFull(), lastItems: queue.lastItems() });
        await new Promise<void>((r) => (release = r));
        seen.push({ isFull: queue.isFull(), lastItems: queue.lastItems() });
      },
      onFull: () => filled++,
    });
    const first = b.submit([1, 2]);
    await sleep(5);
    expect(seen).toEqual([{ isFull: false, lastItems: 0 }]);
    const second = b.submit([3, 4]);
    expect(filled).toBe(1);
    b.submit([5]).catch(() => undefined);
    expect(filled).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(seen[1]).toEqual({ isFull: true, lastItems: 0 });
    // The next acquire sees the call that left (4 inputs) and what is left queued (1).
    await sleep(5);
    expect(seen[2]).toEqual({ isFull: false, lastItems: 4 });
    release();
  });
});

describe("the least gap between calls (no rate gate)", () => {
  it("sends an idle group at once, and lets groups arriving within the gap share the next call", async () => {
    const sender = recordingSender(1);
    const b = new Batcher<number, number>({ maxItems: 100, maxInFlight: 2, send: sender.send, minGapMs: 300 });
    const started = Date.now();
    await b.submit([1]);
    expect(Date.now() - started).toBeLessThan(150);
    // Ten groups, 5 ms apart, inside the gap after the first call: one more call carries them all.
    const rest: Promise<number>[] = [];
    for (let i = 2; i <= 11; i++) {
      rest.push(b.submit([i]));
      await sleep(5);
    }
    expect(await Promise.all(rest)).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
    expect(sender.sent).toEqual([[1], [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]);
    // Idle again: the next group goes at once.
    await sleep(350);
    const again = Date.now();
    await b.submit([12]);
    expect(Date.now() - again).toBeLessThan(150);
  });
});
