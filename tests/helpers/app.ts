import { afterAll } from "vitest";
import { afterFile } from "./after-file";
import { sandboxControl, type SandboxControl } from "@/lib/tooling/sandbox/control-client";
import { startSandbox, type Sandbox, type SandboxOptions } from "@/lib/tooling/sandbox/server";
import { createTestDatabase } from "./test-db";

export const TEST_API_KEY = "test-api-key-0123456789";

/** Background sync on a test's time scale: sweep every 300 ms, 2 s leases, at most 1 s between attempts. */
export const FAST_SYNC_ENV = { SYNC_SWEEP_INTERVAL_MS: "300", SYNC_LEASE_SECONDS: "2", SYNC_MAX_BACKOFF_SECONDS: "1" };

type Handler = (req: Request, ctx?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

export interface TestApp {
  sandbox: Sandbox;
  control: SandboxControl;
  databaseUrl: string;
  /** Call a route handler with a real Request, as Next.js does. */
  request(method: string, path: string, init?: { body?: unknown; headers?: Record<string, string>; rawBody?: BodyInit }): Promise<Response>;
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
  afterFile(async () => {
    const { stopBoss } = await import("@/lib/server/queue");
    await stopBoss();
    const { db } = await import("@/lib/server/db");
    await db.$disconnect();
    await database.drop();
    await sandbox.close();
  });

  const request: TestApp["request"] = async (method, path, init = {}) => {
    const url = new URL(path, "http://localhost:5001");
    // The production route table (imported after the environment is set: config is read once).
    const { matchApiRoute } = await import("@/lib/server/http/api-routes");
    const match = matchApiRoute(url.pathname);
    const handler = (match && (await match.route.load())[method]) as Handler | undefined;
    if (!match || !handler) throw new Error(`no ${method} handler for ${url.pathname} in lib/server/http/api-routes.ts`);
    const { params } = match;
    // A string body is sent as JSON unless the test says otherwise; FormData sets its own type.
    const hasBody = init.body !== undefined || typeof init.rawBody === "string";
    const req = new Request(url, {
      method,
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        ...(hasBody ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      ...(init.rawBody instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
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
