import type { APIRequestContext } from "@playwright/test";

/** The HubSpot sandbox that `npm start` runs for the e2e server (its control endpoint needs no auth). */
export const SANDBOX_URL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? 5102}`;

export async function sandboxControl(request: APIRequestContext, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, data?: unknown) {
  const res = await request.fetch(`${SANDBOX_URL}/__sandbox${path}`, { method, data });
  if (!res.ok()) throw new Error(`sandbox ${method} ${path}: ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? undefined : res.json();
}
