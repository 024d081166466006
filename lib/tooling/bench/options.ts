/** Command-line flags of `npm run bench`. */
import { parseArgs } from "node:util";
import type { LatencyInput, LatencyProfile } from "../sandbox/latency";
import { isLatencyProfile, parseLatencySpec } from "./latency-spec";

export interface MatrixOptions {
  profiles: LatencyProfile[];
  /** Sandbox calls per 10 s of each column, highest first (the app starts with the highest, then learns each from the headers). */
  budgets: number[];
  /** Each cell's offered rate as a fraction of its physical limit (budget/10 s ÷ 3 calls × 100). */
  loadFraction: number;
  /** A fixed offered rate for every cell instead (`--rate`). */
  rate?: number;
  idleRate: number;
  idleDurationS: number;
  /** Wait for the app to go quiet and the rate window to roll between cells (off in smoke runs). */
  settle: boolean;
  /** A fresh app per budget, started with HUBSPOT_RATE_LIMIT_MAX = that budget. */
  restartPerBudget: boolean;
}

export interface BenchOptions {
  smoke: boolean;
  warmupS: number;
  durationS: number;
  seedDurationS: number;
  /** Most registrations in flight (open loop), or the clients (closed loop). */
  concurrency: number;
  /** Open-loop arrivals per second; closed loop when undefined (`--closed`). */
  rate?: number;
  /** The ceiling phase after it: a closed loop of this many clients for `ceilingDurationS`. */
  ceilingClients: number;
  /** 0 skips the ceiling phase. */
  ceilingDurationS: number;
  seedConcurrency: number;
  /** Rows loaded for the local-tables figures; 0 skips them. */
  rows: number;
  /** Runs per endpoint timing (median reported). */
  runs: number;
  /** Only the local tables and page weights (no registration load). */
  localOnly: boolean;
  /** The sandbox's latency model (`--latency`; default the typical profile). */
  latency: LatencyInput;
  /** `--matrix`: latency profiles × budgets instead of the single run. */
  matrix?: MatrixOptions;
  rateLimitMax: number;
  rateLimitIntervalMs: number;
  /** Extra environment for the app, e.g. HUBSPOT_BATCH_CONCURRENCY=4. */
  appEnv: Record<string, string>;
  /** `--import <rows>`: only the bulk-import scenario, with this many rows (import-run.ts). */
  importRows?: number;
  /** `--mirror`: the mirror's figures (mirror-phases.ts) instead of the default phases. */
  mirror: boolean;
  /** Mirrored contacts loaded for the search figures; 0 skips them. */
  mirrorRows: number;
  mirrorQueries: number;
}

export const USAGE = `npm run bench -- [flags]
  --duration <s>         measured time of the registration load (default 30)
  --warmup <s>           warm-up before it (default 10)
  --seed-duration <s>    time given to the seed's strategy (default 30; use a multiple of 10 s)
  --rate <n>             the sustained load: n registrations arriving per second, whatever the
                         answers do (open loop; default 250); its figures are judged on the targets
  --concurrency <n>      most registrations in flight in the open loop (default 1000)
  --closed               judge a closed loop instead: --concurrency clients (default 300), each
                         sending its next registration when the previous one is answered
  --ceiling-duration <s> then the ceiling: a closed loop of --ceiling-clients for this long
                         (default 20; 0 skips it); how many registrations/s the app can take at most
  --ceiling-clients <n>  clients of the ceiling phase (default 300)
  --seed-concurrency <n> seed registrations in progress at once (default 8)
  --rows <n>             rows loaded for the local tables (default 1000000; 0 skips them)
  --no-local             same as --rows 0
  --local-only           only the local tables and page weights
  --runs <n>             runs per endpoint timing (default 7)
  --latency <spec>       sandbox latency model (docs/sandbox-latency.md): a profile (none, fast,
                         typical, slow; default typical), a flat number of ms, or knobs such as
                         profile=typical,jitter=0 or baseMs=60,perInputMs=1.9,jitter=0.2
  --sandbox-max <n>      sandbox calls per 10 s (default 100); the app gets HUBSPOT_RATE_LIMIT_MAX=<n>
                         unless --env sets it

  --matrix               instead of the phases above: latency profiles × budgets, one table
                         (open loop per cell, then the seed strategy and an idle row)
  --profiles <list>      the matrix's latency profiles (default fast,typical,slow)
  --budgets <list>       the matrix's sandbox budgets, calls per 10 s (default 100,190)
  --with-250             add a 250 budget column
  --load <fraction>      each cell's offered rate as a fraction of its physical limit
                         (budget/10 s ÷ 3 calls × 100 registrations; default 0.9); --rate fixes it
  --idle-rate <n>        the idle row's arrivals per second (default 2), --idle-duration <s> (10)
  --restart-per-budget   a fresh app per budget instead of one app learning each budget
                         from the sandbox's X-HubSpot-RateLimit-Max header
  Matrix defaults: --warmup 5 --duration 20 --seed-duration 20.
  --import <rows>        instead of the phases above: a bulk import of <rows> generated rows
                         (e.g. 100000) through POST /api/imports, with live registrations during it
  --env KEY=VALUE        extra app environment (repeatable), e.g. --env HUBSPOT_BATCH_CONCURRENCY=4

  --mirror               instead of the phases above: the mirror (docs/mirror.md). The registration
                         load with the mirror off, then on (webhooks + catch-up): its calls by
                         operation, its share of the budget, registrations' throughput drop; then
                         search over a mirror of --mirror-rows contacts (default 1000000)
  --mirror-queries <n>   searches timed (default 50); with --local-only only the search runs
  Mirror defaults: --warmup 5 --duration 60, --rate at the budget's physical limit (333/s at 100). The default run keeps the mirror off (MIRROR_ENABLED=0,
  no sandbox webhooks) so its figures stay comparable.
  --smoke                a few-seconds run (small load, 5,000 rows) that checks the bench still works`;

/** budget / window ÷ 3 calls × 100 registrations per call: 333/s at 100 per 10 s. */
export const physicalLimit = (budget: number, intervalMs = 10_000) => (budget / (intervalMs / 1000) / 3) * 100;

const num = (v: string | undefined, def: number, name: string, min = 0): number => {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min} (got "${v}")`);
  return n;
};

const list = (v: string | undefined, name: string): string[] | undefined => {
  if (v === undefined) return undefined;
  const items = v.split(",").map((x) => x.trim()).filter(Boolean);
  if (!items.length) throw new Error(`--${name} expects a comma-separated list (got "${v}")`);
  return items;
};

function parseMatrix(values: Record<string, string | boolean | string[] | undefined>, smoke: boolean): MatrixOptions {
  const str = (k: string) => values[k] as string | undefined;
  const profiles = list(str("profiles"), "profiles") ?? ["fast", "typical", "slow"];
  for (const p of profiles) if (!isLatencyProfile(p)) throw new Error(`--profiles: unknown profile "${p}" (none, fast, typical, slow)`);
  const budgets = (list(str("budgets"), "budgets") ?? ["100", "190"]).map((b) => Math.round(num(b, 0, "budgets", 1)));
  if (values["with-250"]) budgets.push(250);
  const rate = str("rate");
  return {
    profiles: profiles as LatencyProfile[],
    budgets: [...new Set(budgets)].sort((a, b) => b - a),
    loadFraction: num(str("load"), 0.9, "load", 0.01),
    rate: rate !== undefined ? num(rate, 0, "rate", 1) : smoke ? 20 : undefined,
    idleRate: num(str("idle-rate"), 2, "idle-rate", 0.1),
    idleDurationS: num(str("idle-duration"), smoke ? 2 : 10, "idle-duration", 1),
    settle: !smoke,
    restartPerBudget: Boolean(values["restart-per-budget"]),
  };
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      smoke: { type: "boolean", default: false },
      duration: { type: "string" },
      warmup: { type: "string" },
      "seed-duration": { type: "string" },
      concurrency: { type: "string" },
      rate: { type: "string" },
      closed: { type: "boolean", default: false },
      "ceiling-duration": { type: "string" },
      "ceiling-clients": { type: "string" },
      "seed-concurrency": { type: "string" },
      rows: { type: "string" },
      "no-local": { type: "boolean", default: false },
      "local-only": { type: "boolean", default: false },
      runs: { type: "string" },
      latency: { type: "string" },
      "sandbox-max": { type: "string" },
      matrix: { type: "boolean", default: false },
      profiles: { type: "string" },
      budgets: { type: "string" },
      "with-250": { type: "boolean", default: false },
      load: { type: "string" },
      "idle-rate": { type: "string" },
      "idle-duration": { type: "string" },
      "restart-per-budget": { type: "boolean", default: false },
      env: { type: "string", multiple: true },
      import: { type: "string" },
      mirror: { type: "boolean", default: false },
      "mirror-rows": { type: "string" },
      "mirror-queries": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const smoke = values.smoke ?? false;
  const appEnv: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const i = pair.indexOf("=");
    if (i < 1) throw new Error(`--env expects KEY=VALUE (got "${pair}")`);
    appEnv[pair.slice(0, i)] = pair.slice(i + 1);
  }
  const closed = values.closed ?? false;
  if (closed && values.rate !== undefined) throw new Error("--closed and --rate exclude each other");
  const rows = values["no-local"] ? 0 : num(values.rows, smoke ? 5_000 : 1_000_000, "rows");
  const matrix = values.matrix ? parseMatrix(values, smoke) : undefined;
  if (matrix && closed) throw new Error("--matrix runs open loops: drop --closed");
  const mirror = values.mirror ?? false;
  const sandboxMax = Math.round(num(values["sandbox-max"], 100, "sandbox-max", 1));
  if (mirror && matrix) throw new Error("--mirror and --matrix exclude each other");
  return {
    smoke,
    warmupS: num(values.warmup, smoke ? 1 : matrix || mirror ? 5 : 10, "warmup"),
    durationS: num(values.duration, smoke ? (matrix ? 2 : 3) : matrix ? 20 : mirror ? 60 : 30, "duration", 1),
    seedDurationS: num(values["seed-duration"], smoke ? 2 : matrix ? 20 : 30, "seed-duration", 1),
    concurrency: Math.round(num(values.concurrency, smoke ? (matrix ? 200 : 20) : closed ? 300 : 1000, "concurrency", 1)),
    // The mirror's load is the budget's physical limit: only a saturated budget shows what its share costs.
    rate: closed ? undefined : num(values.rate, smoke ? 20 : mirror ? Math.round(physicalLimit(sandboxMax)) : 250, "rate", 1),
    ceilingClients: Math.round(num(values["ceiling-clients"], smoke ? 20 : 300, "ceiling-clients", 1)),
    ceilingDurationS: num(values["ceiling-duration"], smoke ? 2 : 20, "ceiling-duration"),
    seedConcurrency: Math.round(num(values["seed-concurrency"], smoke ? 2 : 8, "seed-concurrency", 1)),
    rows: Math.round(rows),
    runs: Math.round(num(values.runs, smoke ? 2 : 7, "runs", 1)),
    localOnly: values["local-only"] ?? false,
    latency: values.latency === undefined ? { profile: "typical" } : parseLatencySpec(values.latency),
    matrix,
    rateLimitMax: sandboxMax,
    rateLimitIntervalMs: 10_000,
    appEnv,
    importRows: values.import === undefined ? undefined : Math.round(num(values.import, 0, "import", 1)),
    mirror,
    mirrorRows: Math.round(num(values["mirror-rows"], smoke ? 5_000 : 1_000_000, "mirror-rows")),
    mirrorQueries: Math.round(num(values["mirror-queries"], smoke ? 8 : 50, "mirror-queries", 1)),
  };
}
