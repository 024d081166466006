import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { repoRoot } from "@/lib/runtime/paths";
import { findFreePort } from "@/lib/runtime/ports";
import { isAlive, waitUntil } from "@/lib/runtime/processes";

const log = { info() {}, warn() {}, error() {} };
const asRoot = process.getuid?.() === 0;

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Starts the server in a separate Node process, as the launcher does, and reports where it is. */
function startInChildProcess(dataDir: string, port: number) {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(repoRoot, "lib/runtime/embedded-postgres.ts"))});
    const log = { info() {}, warn() {}, error() {} };
    startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, database: "orphan_test", log })
      .then((s) => console.log(JSON.stringify({ url: s.url })), (e) => { console.error(e.message); process.exit(1); });
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  const ready = new Promise<{ url: string }>((resolve, reject) => {
    let out = "";
    let errOut = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]));
    });
    child.stderr.on("data", (d) => (errOut += d));
    child.on("exit", (code) => reject(new Error(`child exited (${code}): ${errOut}`)));
  });
  return { child, ready };
}

describe("startEmbeddedPostgres", () => {
  let dataDir: string;
  let root: string;
  beforeAll(() => {
    // mkdtemp makes a 0700 folder: as root this also exercises "parents traversable by postgres".
    root = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-pg-"));
    dataDir = path.join(root, "data");
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("initialises on first start, serves queries, stops cleanly and starts again without initialising", async () => {
    const port = await findFreePort();
    const first = await startEmbeddedPostgres({ dataDir, port, database: "rt_db", log });
    expect(first.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${port}/rt_db`);
    expect(await query(first.url, "SELECT current_database() AS db, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = current_database()")).toEqual([
      { db: "rt_db", enc: "UTF8" },
    ]);
    if (asRoot) expect(fs.statSync(root).mode & 0o001).toBe(0o001);
    const twice = await startEmbeddedPostgres({ dataDir, port, log }).catch((e: unknown) => e);
    expect((twice as EmbeddedPostgresError).code).toBe("DATA_DIR_IN_USE");
    await first.stop();
    await first.stop(); // idempotent
    expect(fs.existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
    await expect(query(first.url, "SELECT 1")).rejects.toThrow();

    const version = fs.statSync(path.join(dataDir, "PG_VERSION")).mtimeMs;
    const t = Date.now();
    const again = await startEmbeddedPostgres({ dataDir, port, database: "rt_db", log });
    const restartMs = Date.now() - t;
    expect(fs.statSync(path.join(dataDir, "PG_VERSION")).mtimeMs).toBe(version);
    expect(await query(again.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await again.stop();
    expect(restartMs).toBeLessThan(5_000);
  });

  it("refuses a data folder a live process is using, and recovers one whose owner was killed with SIGKILL", async () => {
    const port = await findFreePort();
    const { child, ready } = startInChildProcess(dataDir, port);
    const { url } = await ready;
    const postmasterPid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

    const inUse = await startEmbeddedPostgres({ dataDir, port, log }).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(EmbeddedPostgresError);
    expect((inUse as EmbeddedPostgresError).code).toBe("DATA_DIR_IN_USE");
    expect((inUse as Error).message).toContain(String(child.pid));

    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    // The orphaned server keeps the folder and the port.
    expect(isAlive(postmasterPid)).toBe(true);
    expect(await query(url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);

    const server = await startEmbeddedPostgres({ dataDir, port, database: "orphan_test", log });
    expect(isAlive(postmasterPid)).toBe(false);
    expect(await query(server.url, "SELECT current_database() AS db")).toEqual([{ db: "orphan_test" }]);
    await server.stop();
  });

  it("starts over a stale postmaster.pid whose process is gone", async () => {
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout.trim());
    await waitUntil(() => !isAlive(deadPid), 2_000);
    const port = await findFreePort();
    const pidFile = path.join(dataDir, "postmaster.pid");
    fs.writeFileSync(pidFile, `${deadPid}\n${dataDir}\n1700000000\n${port}\n\n127.0.0.1\n  0 0\nready   \n`);
    if (asRoot) {
      const { uid, gid } = fs.statSync(path.join(dataDir, "PG_VERSION"));
      fs.chownSync(pidFile, uid, gid);
    }
    const server = await startEmbeddedPostgres({ dataDir, port, log });
    expect(await query(server.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await server.stop();
  });

  it("says which port is busy and which variable changes it, or moves to a free port when allowed", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const previous = process.env.EMBEDDED_PG_PORT;
      process.env.EMBEDDED_PG_PORT = String(busy);
      const err = await startEmbeddedPostgres({ dataDir, log }).catch((e: unknown) => e);
      if (previous === undefined) delete process.env.EMBEDDED_PG_PORT;
      else process.env.EMBEDDED_PG_PORT = previous;
      expect((err as EmbeddedPostgresError).code).toBe("PORT_IN_USE");
      expect((err as Error).message).toMatch(new RegExp(`port ${busy} \\(from EMBEDDED_PG_PORT\\) is already in use`));

      const moved = await startEmbeddedPostgres({ dataDir, port: busy, fallbackToFreePort: true, log });
      expect(moved.port).not.toBe(busy);
      expect(await query(moved.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      await moved.stop();
    } finally {
      blocker.close();
    }
  });

  it("reports a folder that is not a PostgreSQL data folder instead of overwriting it", async () => {
    const other = path.join(root, "not-a-cluster");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "notes.txt"), "mine");
    const err = await startEmbeddedPostgres({ dataDir: other, port: await findFreePort(), log }).catch((e: unknown) => e);
    expect((err as EmbeddedPostgresError).code).toBe("NOT_A_DATA_DIR");
    expect(fs.readFileSync(path.join(other, "notes.txt"), "utf8")).toBe("mine");
  });
});
