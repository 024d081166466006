import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "@/lib/runtime/paths";

/**
 * `npm run bench -- --smoke`: a few seconds of every phase (production app, seed strategy, load,
 * local tables on 5,000 rows, page weights) so the benchmark cannot rot. No timing is asserted:
 * the figures depend on the machine. It builds the app first when the build is missing or stale.
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
});
