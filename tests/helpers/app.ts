import { afterAll } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "@/lib/sandbox/server";
import { createTestDatabase } from "./test-db";
import { sandboxControl } from "./sandbox-control";

export const TEST_API_KEY = "test-api-key-0123456789";

/** Background sync on a test's time scale: sweep every 300 ms, 2 s leases, at most 1 s between attempts. */
export const FAST_SYNC_ENV = { SYNC_SWEEP_INTERVAL_MS: "300", SYNC_LEASE_SECONDS: "2", SYNC_MAX_BACKOFF_SECONDS: "1" };

type Handler = (req: Request, ctx?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

/** The API's route modules, imported after the environment is set (config is read once). */
const ROUTES: Record<string, () => Promise<Record<string, unknown>>> = {
  "/api/crm/register": () => import("@/app/api/crm/register/route"),
  "/api/crm/objects": () => import("@/app/api/crm/objects/route"),
  "/api/objects/local": () => import("@/app/api/objects/local/route"),
  "/api/objects/local-cursor": () => import("@/app/api/objects/local-cursor/route"),
  "/api/health": () => import("@/app/api/health/route"),
  "/api/registrations": () => import("@/app/api/registrations/route"),
  "/api/registrations/:id": () => import("@/app/api/registrations/[registrationId]/route"),
  "/api/registrations/:id/retry": () => import("@/app/api/registrations/[registrationId]/retry/route"),
  "/api/metrics": () => import("@/app/api/metrics/route"),
  "/api/operations": () => import("@/app/api/operations/route"),
  "/api/hubspot/webhooks": () => import("@/app/api/hubspot/webhooks/route"),
};

/** `/api/registrations/<uuid>/retry` → the route key and its params. */
function matchRoute(pathname: string): { key: string; params: Record<string, string> } {
  const m = /^\/api\/registrations\/([^/]+)(\/retry)?$/.exec(pathname);
  if (m) return { key: `/api/registrations/:id${m[2] ?? ""}`, params: { registrationId: m[1] } };
  return { key: pathname, params: {} };
}

export interface TestApp {
  sandbox: Sandbox;
  control: ReturnType<typeof sandboxControl>;
  databaseUrl: string;
  /** Call a route handler with a real Request, as Next.js does. */
  request(method: string, path: string, init?: { body?: unknown; headers?: Record<string, string>; rawBody?: string }): Promise<Response>;
  json<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
}

/**
 * A real PostgreSQL database of its own and a real sandbox over HTTP for one test file.
 * Retries are fast so fault tests stay short; everything else is the production code path.
 */
export async function startTestApp(opts: { sandbox?: SandboxOptions; env?: Record<string, string> } = {}): Promise<TestApp> {
  const sandbox = await startSandbox(opts.sandbox);
  const database = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    HUBSPOT_API_BASE_URL: sandbox.url,
    HUBSPOT_SANDBOX: "1",
    API_KEYS: TEST_API_KEY,
    HUBSPOT_RETRY_BASE_MS: "10",
    HUBSPOT_RETRY_MAX_MS: "100",
    HUBSPOT_TIMEOUT_MS: "3000",
    ...opts.env,
  });
  afterAll(async () => {
    const { stopBoss } = await import("@/lib/server/queue");
    await stopBoss();
    const { db } = await import("@/lib/server/db");
    await db.$disconnect();
    await database.drop();
    await sandbox.close();
  });

  const request: TestApp["request"] = async (method, path, init = {}) => {
    const url = new URL(path, "http://localhost:5001");
    const { key, params } = matchRoute(url.pathname);
    const mod = await ROUTES[key]?.();
    const handler = mod?.[method] as Handler | undefined;
    if (!handler) throw new Error(`no ${method} handler for ${url.pathname} in tests/helpers/app.ts`);
    const hasBody = init.body !== undefined || init.rawBody !== undefined;
    const req = new Request(url, {
      method,
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        ...(hasBody ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    return handler(req, { params: Promise.resolve(params) });
  };
  return {
    sandbox,
    control: sandboxControl(sandbox.url),
    databaseUrl: database.url,
    request,
    async json(method, path, body, headers) {
      const res = await request(method, path, { body, headers });
      return { status: res.status, body: await res.json(), headers: res.headers };
    },
  };
}

/** The seed README's example registration, unchanged. */
export const seedRegistration = (email = "john.doe@example.com") => ({
  contact: { email, firstname: "John", lastname: "Doe", phone: "123-456-7890" },
  deals: [{ dealname: "New Deal", amount: 1200, dealstage: "appointmentscheduled" }],
  tickets: [
    {
      subject: "Billing Issue",
      description: "Customer cannot pay",
      category: "billing",
      hs_pipeline: "support",
      hs_ticket_priority: "HIGH",
      hs_pipeline_stage: "1",
    },
  ],
});

/**
 * The sync worker inside the test process (as `npm start` runs it beside the server): call the
 * returned function to start it (once), and it is stopped after the file's tests.
 */
export function useInProcessWorker(): () => Promise<void> {
  let worker: { stop(): Promise<void> } | undefined;
  afterAll(async () => {
    await worker?.stop();
  });
  return async () => {
    const { startRegistrationWorker } = await import("@/lib/server/services/registrations/worker");
    worker ??= await startRegistrationWorker();
  };
}
