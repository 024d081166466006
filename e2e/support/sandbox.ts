import type { APIRequestContext } from "@playwright/test";
import { sandboxControl } from "../../lib/tooling/sandbox/control-client";

/** The HubSpot sandbox that `npm start` runs for the e2e server, driven through its control API. */
export const sandbox = sandboxControl(`http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? 5102}`);

/** Its control API's base, for what the typed client does not cover (staff edits made in HubSpot). */
export const SANDBOX_URL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? 5102}`;

export async function sandboxRequest(request: APIRequestContext, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, data?: unknown) {
  const res = await request.fetch(`${SANDBOX_URL}/__sandbox${path}`, { method, data });
  if (!res.ok()) throw new Error(`sandbox ${method} ${path}: ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? undefined : res.json();
}
