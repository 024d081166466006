/**
 * A discrete-event model of the app's HubSpot path with zero local CPU cost, to separate the
 * design's own limits from the machine's (`npx tsx lib/tooling/bench/batching-model.ts`). Closed-loop
 * clients → contact batcher → deal and ticket batchers (each: up to `inFlight` calls, 100 inputs,
 * a rate-limit slot per call, then the call's round trip) → done.
 *
 *   binding "early": a batch's contents are fixed before it waits for its slot (the app today)
 *   binding "late":  the batch takes what is queued at the moment the slot is granted
 *   limiter "log":   sliding log, 100 calls per 10.25 s (the app's window + guard), bursts allowed
 *   limiter "pace":  one call every 102.5 ms (same budget, no bursts)
 */
type Binding = "early" | "late";
type Limiter = "log" | "pace";

interface ModelOptions {
  binding: Binding;
  limiter: Limiter;
  clients: number;
  inFlight: number;
  seconds?: number;
  warmup?: number;
  rttS?: number;
}

function simulate(o: ModelOptions) {
  const T = o.seconds ?? 120;
  const warm = o.warmup ?? 30;
  const rtt = o.rttS ?? 0.105;
  const MAX = 100;
  const WINDOW = 10.25;
  let now = 0;
  let seq = 0;
  const events: { t: number; n: number; f: () => void }[] = [];
  const at = (t: number, f: () => void) => {
    events.push({ t, n: seq++, f });
  };
  const pop = () => {
    let best = 0;
    for (let i = 1; i < events.length; i++) if (events[i].t < events[best].t || (events[i].t === events[best].t && events[i].n < events[best].n)) best = i;
    return events.splice(best, 1)[0];
  };

  const slots: number[] = [];
  let lastGrant = -1e9;
  const grantTime = (t: number) => {
    if (o.limiter === "pace") return Math.max(t, lastGrant + WINDOW / MAX);
    while (slots.length && slots[0] <= t - WINDOW) slots.shift();
    return slots.length < MAX ? t : slots[0] + WINDOW;
  };
  const waiters: (() => void)[] = [];
  let sleeping = false;
  const pumpLimiter = () => {
    while (!sleeping && waiters.length) {
      const g = grantTime(now);
      if (g > now) {
        sleeping = true;
        at(g, () => {
          sleeping = false;
          pumpLimiter();
        });
        return;
      }
      if (o.limiter === "pace") lastGrant = now;
      else slots.push(now);
      waiters.shift()!();
    }
  };
  const acquire = (cb: () => void) => {
    waiters.push(cb);
    pumpLimiter();
  };

  interface Item {
    t0: number;
    left: number;
  }
  class Batcher {
    queue: Item[] = [];
    busy = 0;
    sizes: number[] = [];
    constructor(private readonly next: (i: Item) => void) {}
    submit(i: Item) {
      this.queue.push(i);
      this.pump();
    }
    pump() {
      while (this.queue.length && this.busy < o.inFlight) {
        this.busy++;
        if (o.binding === "early") {
          const batch = this.queue.splice(0, MAX);
          acquire(() => this.send(batch));
        } else acquire(() => this.send(this.queue.splice(0, MAX)));
      }
    }
    send(batch: Item[]) {
      if (!batch.length) {
        this.busy--;
        return;
      }
      this.sizes.push(batch.length);
      at(now + rtt, () => {
        this.busy--;
        batch.forEach((i) => this.next(i));
        this.pump();
      });
    }
  }
  const latencies: number[] = [];
  const finish = (i: Item) => {
    if (--i.left > 0) return;
    if (now >= warm && now < T) latencies.push(now - i.t0);
    if (now < T) start();
  };
  const deals = new Batcher(finish);
  const tickets = new Batcher(finish);
  const contacts = new Batcher((i) => {
    deals.submit(i);
    tickets.submit(i);
  });
  const start = () => contacts.submit({ t0: now, left: 2 });
  for (let c = 0; c < o.clients; c++) at(Math.random() * 0.5, start);
  while (events.length) {
    const e = pop();
    if (e.t > T + 30) break;
    now = e.t;
    e.f();
  }
  latencies.sort((a, b) => a - b);
  const q = (x: number) => latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))] ?? Number.NaN;
  const avg = contacts.sizes.reduce((a, b) => a + b, 0) / Math.max(1, contacts.sizes.length);
  return { rps: latencies.length / (T - warm), p50: q(0.5), p95: q(0.95), overDeadline: latencies.filter((l) => l > 8).length / Math.max(1, latencies.length), batch: avg };
}

if (process.argv[1]?.endsWith("batching-model.ts")) {
  const clients = Number(process.argv[2] ?? 300);
  for (const inFlight of [2, 1]) {
    for (const [binding, limiter] of [["early", "log"], ["late", "log"], ["early", "pace"], ["late", "pace"]] as const) {
      const r = simulate({ binding, limiter, clients, inFlight });
      console.log(
        `${clients} clients, ${inFlight} in flight per kind, ${binding.padEnd(5)} binding, ${limiter.padEnd(4)} limiter: ` +
          `${r.rps.toFixed(0).padStart(3)} reg/s  p50 ${r.p50.toFixed(2)} s  p95 ${r.p95.toFixed(2)} s  >8 s ${(r.overDeadline * 100).toFixed(0).padStart(2)} %  ` +
          `contacts per upsert ${r.batch.toFixed(0)}`,
      );
    }
  }
}

export { simulate };
