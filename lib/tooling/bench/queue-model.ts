/**
 * A discrete-event model of the app's HubSpot path with no local cost at all, to tell the design's
 * own limits from the machine's: `npx tsx lib/tooling/bench/queue-model.ts [--load 0.9] [--seconds 120]
 * [--late-ms 5] [--tail P]` (`--tail`: every profile's share of slow calls, instead of its own).
 *
 * It runs what lib/server/batcher.ts and lib/server/hubspot/rate-limiter.ts do, on a virtual clock:
 * open-loop Poisson arrivals (a registration = one contact, one deal, one ticket) → the contact
 * batcher → on its answer, the deal and ticket batchers; each batcher has one acquirer, late binding
 * (the batch is formed when the slot is granted) and up to 100 inputs per call; the limiter is the
 * sliding log of `max` calls per interval + 250 ms guard, paced at one call every window/max by a
 * theoretical arrival time (as hubspot_take_slot does); deals and tickets go first and ahead of the
 * pace (counted by it), a full batch of contacts (or one after a call of at most 3) at the pace's
 * burst of 3, a part-filled batch of contacts only once the pace has been idle for a spacing; each
 * slot taken a little late (a timer and a PostgreSQL round trip, `--late-ms`); each call takes the sandbox's latency (lib/tooling/sandbox/latency.ts,
 * the same profiles the benchmark sets). The figures are the best the design can do at that load:
 * what `npm run bench -- --matrix` measures above them is the machine.
 */
import { LATENCY_PROFILES, workLatencyMs, type LatencyProfile } from "../sandbox/latency";

interface ModelOptions {
  profile: LatencyProfile;
  budget: number;
  intervalMs: number;
  load: number;
  seconds: number;
  warmupS: number;
  lateMs: number;
  /** Overrides the profile's tailProbability. */
  tail?: number;
}

const GUARD_MS = 250;
const BURST = 3;
const MAX_INPUTS = 100;

/** The events to come, earliest first (a binary heap; ties in insertion order). */
class EventQueue {
  private heap: { t: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  push(t: number, fn: () => void) {
    const h = this.heap;
    h.push({ t, seq: this.seq++, fn });
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop() {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(l, m)) m = l;
        if (r < h.length && this.before(r, m)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  private before(a: number, b: number) {
    const x = this.heap[a];
    const y = this.heap[b];
    return x.t < y.t || (x.t === y.t && x.seq < y.seq);
  }
}

interface Registration {
  arrivedAt: number;
  open: number;
}

export function simulate(o: ModelOptions) {
  const windowMs = o.intervalMs + GUARD_MS;
  const spacingMs = windowMs / o.budget;
  const limit = (o.budget / (o.intervalMs / 1000) / 3) * MAX_INPUTS;
  const rate = limit * o.load;
  const endMs = (o.warmupS + o.seconds) * 1000;
  const latency = { ...LATENCY_PROFILES[o.profile], ...(o.tail === undefined ? {} : { tailProbability: o.tail }) };
  let now = 0;
  const events = new EventQueue();
  const at = (t: number, fn: () => void) => events.push(t, fn);

  // The limiter: a sliding log, one poller serving the highest priority first; each waiter says
  // how far ahead of the pace it may go (rate-limiter.ts: BURST, AHEAD_OF_PACE, WHEN_IDLE).
  const log: number[] = [];
  let tat = -Infinity;
  const waiters: { priority: number; burst: () => number; granted: () => void }[] = [];
  let polling = false;
  let nap = 0;
  const waitMs = (burst: number) => {
    while (log.length && log[0] <= now - windowMs) log.shift();
    const wait = log.length >= o.budget ? log[0] + windowMs - now : 0;
    return Math.max(wait, tat - now - (Math.min(burst, o.budget) - 1) * spacingMs);
  };
  const serve = () => {
    if (polling || !waiters.length) return;
    polling = true;
    const wait = waitMs(waiters[0].burst());
    if (wait <= 0) {
      log.push(now);
      tat = Math.max(tat, now) + spacingMs;
      polling = false;
      waiters.shift()!.granted();
      serve();
    } else {
      // At least a microsecond on: a wait below the clock's resolution would never come due.
      const mine = ++nap;
      at(now + Math.max(wait, 0.001) + Math.random() * o.lateMs, () => {
        if (mine !== nap) return;
        polling = false;
        serve();
      });
    }
  };
  /** The poller's nap ends early: the head may go sooner (a new head, or its batch filled). */
  const wake = () => {
    if (!polling) return;
    nap++;
    polling = false;
    at(now + Math.random() * o.lateMs, serve);
  };
  const acquire = (priority: number, burst: () => number, granted: () => void) => {
    const i = waiters.findIndex((w) => w.priority < priority);
    waiters.splice(i < 0 ? waiters.length : i, 0, { priority, burst, granted });
    if (waiters[0].granted === granted) wake();
    serve();
  };

  // A batcher: one acquirer, late binding; contacts wait to fill under load (coalesced-writes.ts).
  const batcher = (isContacts: boolean, answered: (batch: Registration[]) => void) => {
    const queue: Registration[] = [];
    let acquiring = false;
    let lastItems = 0;
    const burst = isContacts ? () => (queue.length >= MAX_INPUTS || lastItems <= BURST ? BURST : 0) : () => Infinity;
    const pump = () => {
      if (acquiring || !queue.length) return;
      acquiring = true;
      acquire(isContacts ? 0 : 1, burst, () => {
        acquiring = false;
        const batch = queue.splice(0, MAX_INPUTS);
        lastItems = batch.length;
        at(now + workLatencyMs(latency, batch.length), () => answered(batch));
        pump();
      });
    };
    return (rs: Registration[]) => {
      const wasFull = queue.length >= MAX_INPUTS;
      queue.push(...rs);
      if (acquiring && !wasFull && queue.length >= MAX_INPUTS) wake();
      pump();
    };
  };

  const latencies: number[] = [];
  const finish = (r: Registration) => {
    if (--r.open === 0 && r.arrivedAt >= o.warmupS * 1000 && r.arrivedAt < endMs) latencies.push(now - r.arrivedAt);
  };
  const deals = batcher(false, (b) => b.forEach(finish));
  const tickets = batcher(false, (b) => b.forEach(finish));
  const contacts = batcher(true, (b) => {
    deals(b);
    tickets(b);
  });
  for (let t = -Math.log(Math.random()) * (1000 / rate); t < endMs; t += -Math.log(Math.random()) * (1000 / rate)) {
    const arrivedAt = t;
    at(t, () => contacts([{ arrivedAt, open: 2 }]));
  }
  for (let next = events.pop(); next; next = events.pop()) {
    now = next.t;
    next.fn();
  }
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { limit, offered: rate, synced: latencies.length / o.seconds, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) };
}

function main() {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const base = { intervalMs: 10_000, load: arg("load", 0.9), seconds: arg("seconds", 120), warmupS: 10, lateMs: arg("late-ms", 5), tail: process.argv.includes("--tail") ? arg("tail", 0) : undefined };
  console.log(`queue model: open loop at ${base.load * 100} % of each limit, ${base.seconds} s measured, slots taken up to ${base.lateMs} ms late`);
  console.log("latency  budget  limit/s  offered/s  synced/s  p50 ms  p95 ms  p99 ms");
  for (const profile of ["fast", "typical", "slow"] as const) {
    for (const budget of [100, 190, 250]) {
      const r = simulate({ ...base, profile, budget });
      const cells = [profile.padEnd(7), String(budget).padStart(6), r.limit.toFixed(1).padStart(7), r.offered.toFixed(1).padStart(9), r.synced.toFixed(1).padStart(8)];
      console.log([...cells, String(r.p50).padStart(6), String(r.p95).padStart(6), String(r.p99).padStart(6)].join("  "));
    }
  }
}

if (process.argv[1]?.endsWith("queue-model.ts")) main();
