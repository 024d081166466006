import { expect } from "vitest";
import { ERROR_CODES } from "@/lib/schemas/error";
import { TEST_API_KEY } from "./app";

/**
 * Raw requests for the bad-input tests: any body (text, bytes, a stream), any or no content type,
 * handed to the real route handler as a Web Request, as Next.js does.
 */

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: [RegExp, () => Promise<Record<string, unknown>>][] = [
  [/^\/api\/crm\/register$/, () => import("@/app/api/crm/register/route")],
  [/^\/api\/crm\/objects$/, () => import("@/app/api/crm/objects/route")],
  [/^\/api\/objects\/local$/, () => import("@/app/api/objects/local/route")],
  [/^\/api\/objects\/local-cursor$/, () => import("@/app/api/objects/local-cursor/route")],
  [/^\/api\/registrations$/, () => import("@/app/api/registrations/route")],
  [/^\/api\/registrations\/(?<registrationId>[^/]*)$/, () => import("@/app/api/registrations/[registrationId]/route")],
];

export interface RawRequest {
  method?: string;
  /** Path and query, already encoded. */
  path: string;
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  /** `null`: no Content-Type header at all. Default application/json when there is a body. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function send(r: RawRequest): Promise<RawResponse> {
  const url = new URL(r.path, "http://localhost:5001");
  const route = ROUTES.find(([p]) => p.test(url.pathname));
  if (!route) throw new Error(`no route for ${url.pathname} in tests/helpers/fuzz.ts`);
  const params = { ...route[0].exec(url.pathname)!.groups };
  for (const k of Object.keys(params)) params[k] = decodeURIComponent(params[k]);
  const method = r.method ?? (r.body === undefined ? "GET" : "POST");
  const handler = (await route[1]())[method] as Handler;
  const headers = new Headers({ authorization: `Bearer ${TEST_API_KEY}`, ...r.headers });
  const contentType = r.contentType === undefined ? (r.body === undefined ? null : "application/json") : r.contentType;
  if (contentType !== null) headers.set("content-type", contentType);
  const req = new Request(url, {
    method,
    headers,
    body: r.body as BodyInit | undefined,
    // @ts-expect-error Node's fetch needs this for a streamed body; not in the DOM typings.
    duplex: "half",
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Every refusal: a 4xx (never a 5xx) with a JSON body `{success:false, error:{code, message}}`;
 * a validation error names the fields at fault.
 */
export function expectRefusal(res: RawResponse, context: unknown): { code: string; message: string; details?: { field: string; message: string }[] } {
  const where = `for ${JSON.stringify(context)?.slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.status, where).toBeLessThan(500);
  expect(res.headers.get("content-type") ?? "", where).toMatch(/^application\/json/);
  expect(res.json, where).toMatchObject({ success: false, error: { code: expect.any(String), message: expect.any(String) } });
  const error = res.json.error;
  expect(ERROR_CODES, where).toContain(error.code);
  expect(error.message.length, where).toBeGreaterThan(0);
  if (error.code === "VALIDATION_ERROR") {
    expect(Array.isArray(error.details) && error.details.length > 0, where).toBe(true);
    for (const d of error.details) {
      expect(typeof d.field === "string" && d.field.length > 0, where).toBe(true);
      expect(typeof d.message === "string" && d.message.length > 0, where).toBe(true);
    }
  }
  return error;
}

/** Depth of a JSON value: 0 for a scalar, 1 for `{}` or `[]`, … */
export function jsonDepth(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x && typeof x === "object") {
      max = Math.max(max, d + 1);
      for (const c of Object.values(x)) stack.push([c, d + 1]);
    }
  }
  return max;
}
