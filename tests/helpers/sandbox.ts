import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { sandboxControl } from "@/lib/tooling/sandbox/control-client";
import { startSandbox, type Sandbox, type SandboxOptions } from "@/lib/tooling/sandbox/server";

export const PAT = "pat-sandbox-token";
export const CLIENT = { id: "sandbox-client-id", secret: "sandbox-client-secret" };
export const REDIRECT_URI = "http://localhost:3000/api/hubspot/callback";

/** Starts one sandbox on a random port for the file and resets it before each test. */
export function useSandbox(options: SandboxOptions = {}) {
  const ref = {} as { sandbox: Sandbox; url: string };
  beforeAll(async () => {
    ref.sandbox = await startSandbox({ port: 0, ...options });
    ref.url = ref.sandbox.url;
  });
  afterAll(() => ref.sandbox?.close());
  beforeEach(async () => {
    await sandboxControl(ref.url).reset();
  });
  return ref;
}

/** JSON call with a bearer token (the private-app token by default). */
export async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = PAT,
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export async function form(url: string, path: string, fields: Record<string, string>) {
  const res = await fetch(`${url}${path}`, { method: "POST", body: new URLSearchParams(fields) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Goes through the consent page the way a browser would and returns the authorization code. */
export async function authorize(url: string, extra: Record<string, string> = {}): Promise<string> {
  const fields = { client_id: CLIENT.id, redirect_uri: REDIRECT_URI, scope: "crm.objects.contacts.read crm.objects.contacts.write crm.objects.deals.read crm.objects.deals.write tickets crm.schemas.deals.write", state: "st-1", ...extra };
  const page = await fetch(`${url}/oauth/authorize?${new URLSearchParams(fields)}`);
  const html = await page.text();
  if (page.status !== 200 || !html.includes('<button type="submit">Connect app</button>')) {
    throw new Error(`authorize page failed: ${page.status}`);
  }
  const hidden = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  );
  const res = await fetch(`${url}/oauth/authorize`, { method: "POST", body: new URLSearchParams(hidden), redirect: "manual" });
  const location = new URL(res.headers.get("location") ?? "");
  if (res.status !== 302 || location.searchParams.get("state") !== fields.state) throw new Error("bad redirect");
  return location.searchParams.get("code") ?? "";
}

/** Full code exchange; returns the token response body. */
export async function connect(url: string): Promise<{ access_token: string; refresh_token: string; [k: string]: unknown }> {
  const code = await authorize(url);
  const res = await form(url, "/oauth/v3/token", {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

export function refresh(url: string, refreshToken: string, path = "/oauth/v3/token") {
  return form(url, path, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
  });
}

export const control = (url: string, method: string, path: string, body?: unknown) =>
  call(url, method, `/__sandbox${path}`, body, null);
