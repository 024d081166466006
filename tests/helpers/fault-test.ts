import { afterAll, beforeAll } from "vitest";
import type { SandboxOptions } from "@/lib/tooling/sandbox/server";
import { FAST_SYNC_ENV, startTestApp, type TestApp, useInProcessWorker } from "./app";
import { stopAllChildren } from "./processes";
import {
  countByStatus,
  expectHubSpotHoldsExactly,
  expectRowsMatchHubSpot,
  loadRegistrationRows,
  makeRegistration,
  warmUp,
  type ContentFigures,
  type RegistrationBody,
  type RegistrationRow,
} from "./registrations";
import { waitFor } from "./wait";

/** Unless a fault test says otherwise, the sandbox has no rate limit: only the injected fault counts. */
const NO_RATE_LIMIT: SandboxOptions = { rateLimit: { max: 0, intervalMs: 10_000 } };

export interface FaultTest {
  /** The test app (started in beforeAll). */
  readonly app: TestApp;
  /** POST /api/crm/register through the route handler, as in production. */
  register(body: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  /**
   * One registration through the request path first (it loads the portal's pipelines and creates
   * the sync-key properties), then the in-process worker if the test has one, then fresh sandbox
   * counters. Returns the warm-up registration (`<tag>-warm`), which counts among what HubSpot holds.
   */
  begin(tag: string): Promise<RegistrationBody>;
  /** Start the in-process sync worker now (once); `begin` does it too. */
  startWorker(): Promise<void>;
  /** Wait (up to 60 s) until `count` stored registrations are synced. */
  waitUntilSynced(count: number, intervalMs?: number): Promise<void>;
  /** The end of every fault test: the stored rows match HubSpot, and HubSpot holds each of `all` exactly once. */
  expectEachOnceInHubSpot(all: RegistrationBody[], label: string, figures: Record<string, unknown>, rows?: RegistrationRow[]): Promise<ContentFigures>;
}

/**
 * What every fault test sets up around its fault: a test app with the fast background-sync
 * settings and `env`, and the sync worker, in this process (`worker: "in-process"`) or as child
 * processes the test starts itself (stopped after the file).
 */
export function useFaultTest(opts: { sandbox?: SandboxOptions; env: Record<string, string>; worker: "in-process" | "child processes" }): FaultTest {
  const startWorker = opts.worker === "in-process" ? useInProcessWorker() : undefined;
  if (opts.worker === "child processes") afterAll(() => stopAllChildren());
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp({ sandbox: opts.sandbox ?? NO_RATE_LIMIT, env: { ...FAST_SYNC_ENV, ...opts.env } });
  });
  const test: FaultTest = {
    get app() {
      if (!app) throw new Error("the fault test's app is started in beforeAll");
      return app;
    },
    register: (body) => test.app.json("POST", "/api/crm/register", body),
    async begin(tag) {
      const warm = makeRegistration(`${tag}-warm`, 0);
      await warmUp(test.register, warm);
      await startWorker?.();
      await test.app.control.resetStats();
      return warm;
    },
    async startWorker() {
      if (!startWorker) throw new Error("this fault test runs its workers as child processes");
      await startWorker();
    },
    async waitUntilSynced(count, intervalMs = 250) {
      await waitFor(async () => (await countByStatus()).synced === count, 60_000, intervalMs);
    },
    async expectEachOnceInHubSpot(all, label, figures, rows) {
      await expectRowsMatchHubSpot(test.app.control, rows ?? (await loadRegistrationRows()), all);
      return expectHubSpotHoldsExactly(test.app.control, all, label, figures);
    },
  };
  return test;
}
