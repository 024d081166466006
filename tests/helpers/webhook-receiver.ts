import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll } from "vitest";
import "./after-file";

/**
 * A real HTTP receiver for webhook tests (node:http on 127.0.0.1), scripted per request: answer a
 * status, hang without answering, or reset the connection. And a receiver's signature check
 * written from docs/webhooks.md with node:crypto alone: it does not import the app's signer.
 */

export type ReceiverAction = { status: number; body?: string; headers?: Record<string, string> } | "hang" | "reset";

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  action: ReceiverAction;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Actions for the next requests, in order; after them every request gets `fallback`. */
  script(...actions: ReceiverAction[]): void;
  fallback: ReceiverAction;
  /** Requests that are hanging right now (answered by nothing). */
  hanging(): number;
  close(): Promise<void>;
}

const open = new Set<Receiver>();
let loop: { stop(): Promise<void> } | undefined;

// Registered when a test file imports this module, after ./after-file's hook (imported above for
// that), so it runs before the test app's database is dropped: receivers close first, so requests
// hanging on them end, then the delivery loop stops.
afterAll(async () => {
  await Promise.all([...open].map((r) => r.close()));
  await loop?.stop();
});

/** Start a receiver for this test file (closed after it). */
export async function startReceiver(host = "127.0.0.1"): Promise<Receiver> {
  const queue: ReceiverAction[] = [];
  const sockets = new Set<Socket>();
  const hung = new Set<http.ServerResponse>();
  const receiver: Receiver = {
    url: "",
    received: [],
    fallback: { status: 200, body: "ok" },
    script: (...actions) => void queue.push(...actions),
    hanging: () => hung.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const action = queue.shift() ?? receiver.fallback;
      receiver.received.push({ headers: req.headers, body, action });
      if (action === "hang") {
        hung.add(res);
        res.on("close", () => hung.delete(res));
        return;
      }
      if (action === "reset") return void req.socket.destroy();
      res.writeHead(action.status, { "content-type": "text/plain", ...action.headers }).end(action.body ?? "");
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  receiver.url = `http://${host}:${(server.address() as AddressInfo).port}/hooks`;
  open.add(receiver);
  return receiver;
}

/**
 * A receiver's check, as docs/webhooks.md tells one to write it: HMAC-SHA256 keyed with the secret
 * over `id.timestamp.body`, hex, compared in constant time with each `v1=` signature, and the
 * timestamp within `toleranceSeconds` of now.
 */
export function verifyWebhookSignature(secret: string, headers: http.IncomingHttpHeaders, body: string, toleranceSeconds = 300): boolean {
  const id = String(headers["webhook-id"] ?? "");
  const timestamp = String(headers["webhook-timestamp"] ?? "");
  if (!id || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`).digest("hex"));
  return String(headers["webhook-signature"] ?? "")
    .split(" ")
    .filter((s) => s.startsWith("v1="))
    .some((s) => {
      const given = Buffer.from(s.slice(3));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** The webhook delivery loop inside the test process (as the worker runs it), stopped after the file. */
export function useInProcessWebhookDelivery(): () => Promise<void> {
  return async () => {
    const { startWebhookDelivery } = await import("@/lib/server/webhooks/delivery-loop");
    loop ??= startWebhookDelivery();
  };
}

/** Webhooks on a test's time scale: receivers on 127.0.0.1 over http, fast retries and polling. */
export const FAST_WEBHOOK_ENV = {
  WEBHOOK_ALLOW_HTTP: "1",
  WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
  WEBHOOK_POLL_INTERVAL_MS: "50",
  WEBHOOK_RETRY_BASE_MS: "100",
  WEBHOOK_RETRY_MAX_MS: "400",
  WEBHOOK_TIMEOUT_MS: "1000",
};

/** A stored API key with only the `webhooks` scope, as `Authorization` headers. */
export async function webhooksKeyHeaders(): Promise<Record<string, string>> {
  const { createApiKey } = await import("@/lib/server/services/api-keys");
  const { key } = await createApiKey({ name: "webhooks test", scopes: ["webhooks"] });
  return { authorization: `Bearer ${key}` };
}
