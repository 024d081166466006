import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "@/lib/runtime/paths";
import { MATRIX_COLUMNS } from "@/lib/tooling/bench/matrix-report";

/**
 * `npm run bench -- --smoke`: a few seconds of every phase (production app, seed strategy, load,
 * local tables on 5,000 rows, page weights) so the benchmark cannot rot. No timing is asserted:
 * the figures depend on the machine. It builds the app first when the build is missing or stale.
 * `--matrix --smoke` runs tiny cells of latency profile × budget and checks the table's shape.
 */
const SUMMARY_KEYS = [
  "BENCH SUMMARY",
  "registrations/s (synced)",
  "accepted (202) / errors",
  "latency p50",
  "latency p95",
  "latency p99",
  "HubSpot calls/registration",
  "429s (measured window)",
  "Next.js server CPU/registration",
  "seed registrations/s",
  "app/seed ratio",
  "ceiling: closed loop of",
  "peak RSS Next.js server (VmHWM)",
  "cursor, first page (server)",
  "cursor, deep (server)",
  "offset, page",
  "first-load JS /register",
  "first-load JS /local",
  "Swagger UI only on /docs",
];

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // The test database server (tests/setup/global-setup.ts) holds the bench's own throwaway database.
    const server = process.env.TEST_DATABASE_SERVER_URL;
    const child = spawn("npm", ["run", "bench", "--", ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...(server ? { DATABASE_URL: server } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run bench -- --smoke", () => {
  it("runs every phase and prints the summary", { timeout: 15 * 60_000 }, async () => {
    const { code, output } = await runBench(["--smoke"]);
    expect(code, output.slice(-4000)).toBe(0);
    for (const key of SUMMARY_KEYS) expect(output, `missing "${key}"`).toContain(key);
    // Server times come from the app's request log: present, whatever their value.
    expect(output).not.toMatch(/cursor, first page \(server\)\s+n\/a/);
  });

  it("--matrix prints one row per latency profile × budget, the idle row and the seed's, with every column", { timeout: 15 * 60_000 }, async () => {
    const { code, output } = await runBench(["--matrix", "--smoke"]);
    expect(code, output.slice(-4000)).toBe(0);
    const table = output.slice(output.indexOf("BENCH MATRIX"));
    expect(table, output.slice(-4000)).toContain("BENCH MATRIX");
    const lines = table.split("\n");
    const header = lines.find((l) => l.startsWith("row "));
    expect(header, "header line").toBeDefined();
    for (const column of MATRIX_COLUMNS) expect(header).toContain(column);
    const rows = lines.map((l) => l.trim().split(/\s{2,}/));
    for (const profile of ["fast", "typical", "slow"]) {
      for (const budget of ["100", "190"]) {
        const row = rows.find((r) => r[0] === "cell" && r[1] === profile && r[2] === budget);
        expect(row, `cell ${profile} × ${budget}`).toBeDefined();
        expect(row).toHaveLength(MATRIX_COLUMNS.length);
      }
    }
    for (const label of ["idle", "seed"]) {
      const row = rows.find((r) => r[0] === label);
      expect(row, `${label} row`).toBeDefined();
      expect(row).toHaveLength(MATRIX_COLUMNS.length);
    }
    // The server-side column comes from the app's request log: present, whatever its value.
    expect(rows.find((r) => r[0] === "idle")?.[6]).toMatch(/^\d+ \/ \d+ \/ \d+$/);
  });
});
