// Sandbox mode in production is loud (a log line at start, a banner on every page), the Compose
// sandbox stays on loopback, and its control API needs a token beyond loopback.
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "@/lib/runtime/paths";
import { startSandbox, type Sandbox } from "@/lib/tooling/sandbox/server";
import { startTestApp } from "@/tests/helpers/app";

let env: typeof import("@/lib/server/env").env;
const opened: Sandbox[] = [];

beforeAll(async () => {
  await startTestApp();
  ({ env } = await import("@/lib/server/env"));
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

async function startLog(): Promise<string> {
  const { announceAtStart } = await import("@/lib/server/start-notices");
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  await announceAtStart(pino({ level: "info" }, sink) as never);
  return lines.join("");
}

describe("sandbox mode in production", () => {
  it("logs a warning at start and shows the banner; not in development", async () => {
    const { isSandboxInProduction } = await import("@/lib/server/sandbox-notice");
    const before = env.NODE_ENV;
    env.NODE_ENV = "production";
    try {
      expect(isSandboxInProduction()).toBe(true);
      const log = await startLog();
      expect(log).toContain('"level":40');
      expect(log).toContain("Sandbox: nothing is sent to HubSpot; its data is lost on restart");
    } finally {
      env.NODE_ENV = before;
    }
    expect(isSandboxInProduction()).toBe(false);
    expect(await startLog()).toBe("");
  });
});

describe("the sandbox's exposure", () => {
  it("Compose publishes the sandbox on 127.0.0.1 only, with a control token setting", () => {
    const compose = parse(fs.readFileSync(path.join(repoRoot, "docker-compose.yml"), "utf8"), { merge: true });
    const sandbox = compose.services.sandbox;
    expect(sandbox.ports).toEqual(["127.0.0.1:${SANDBOX_PORT:-5002}:5002"]);
    expect(sandbox.environment).toHaveProperty("SANDBOX_CONTROL_TOKEN");
  });

  it("beyond loopback the control API needs the token, and is closed without one configured", async () => {
    const closed = await startSandbox({ host: "0.0.0.0" });
    const guarded = await startSandbox({ host: "0.0.0.0", controlToken: "control-token-0123456789" });
    const local = await startSandbox();
    opened.push(closed, guarded, local);
    const control = (s: Sandbox, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${s.port}/__sandbox/tokens/revoke`, { method: "POST", headers });

    expect((await control(closed)).status).toBe(403);
    expect((await control(closed, { "x-sandbox-control-token": "anything-at-all-0123" })).status).toBe(403);
    expect((await control(guarded)).status).toBe(403);
    expect((await control(guarded, { "x-sandbox-control-token": "wrong-token-0123456789" })).status).toBe(403);
    expect((await control(guarded, { "x-sandbox-control-token": "control-token-0123456789" })).status).toBeLessThan(300);
    expect((await control(local)).status).toBeLessThan(300);
    // The HubSpot side of a guarded sandbox is unchanged.
    expect((await fetch(`http://127.0.0.1:${guarded.port}/crm/v3/objects/contacts`, { headers: { authorization: "Bearer pat-sandbox-token" } })).status).toBe(200);
  });
});
