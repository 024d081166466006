import "server-only";
import http from "node:http";
import https from "node:https";
import { checkUrlShape, guardedLookup, RefusedUrlError } from "./url-policy";

/** One attempt's answer, as recorded on the delivery. */
export interface AttemptResult {
  isDelivered: boolean;
  statusCode: number | null;
  /** Why it was not delivered; null when it was. */
  error: string | null;
  /** The start of the answer's body, control characters and our own signature removed. */
  excerpt: string | null;
}

const EXCERPT_CHARS = 500;
/** Read at most this much of an answer; the rest is not waited for. */
const READ_BYTES = 4096;

// Keep-alive: deliveries to the same endpoint reuse connections (each one opened through guardedLookup).
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxFreeSockets: 4, timeout: 30_000 }),
  "https:": new https.Agent({ keepAlive: true, maxFreeSockets: 4, timeout: 30_000 }),
};

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by the receiver",
  EPIPE: "connection closed by the receiver",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed (temporary)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

function describeError(err: NodeJS.ErrnoException, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  if (err instanceof RefusedUrlError) return err.message;
  if (err.code && NETWORK_ERRORS[err.code]) return NETWORK_ERRORS[err.code];
  if (err.code && /CERT|SSL|TLS|SELF_SIGNED/.test(err.code)) return `TLS: ${err.code}`;
  return (err.code ? `${err.code}: ` : "") + String(err.message).slice(0, 200);
}

function excerptOf(chunks: Buffer[], redact: string[]): string | null {
  if (!chunks.length) return null;
  let text = Buffer.concat(chunks).toString("utf8").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  for (const secret of redact) if (secret) text = text.split(secret).join("[redacted]");
  return text.slice(0, EXCERPT_CHARS) || null;
}

/**
 * POST `body` to `rawUrl` once: no redirects followed (a 3xx is a failure), the whole exchange
 * bounded by `timeoutMs`, the destination checked again (scheme, address, and every DNS answer
 * through guardedLookup). Never throws.
 */
export function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, timeoutMs: number, redact: string[]): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = checkUrlShape(rawUrl);
    } catch (err) {
      resolve({ isDelivered: false, statusCode: null, error: (err as Error).message, excerpt: null });
      return;
    }
    let settled = false;
    let timedOut = false;
    let statusCode: number | null = null;
    const chunks: Buffer[] = [];
    let read = 0;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const isDelivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
      const error = isDelivered
        ? null
        : statusCode !== null && statusCode >= 300 && statusCode < 400
          ? `answered ${statusCode} (redirects are not followed)`
          : `answered ${statusCode}`;
      resolve({ isDelivered, statusCode, error, excerpt: excerptOf(chunks, redact) });
    };
    const fail = (err: NodeJS.ErrnoException) => {
      // The status arrived in time: that is the answer, whatever became of the rest of the body.
      if (statusCode !== null) return finish();
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ isDelivered: false, statusCode: null, error: describeError(err, timeoutMs, timedOut), excerpt: null });
    };
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      agent: agents[url.protocol as "http:" | "https:"],
      lookup: guardedLookup,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error("timeout"));
    }, timeoutMs);
    req.on("error", fail);
    req.on("response", (res) => {
      statusCode = res.statusCode ?? null;
      res.on("data", (chunk: Buffer) => {
        if (read < READ_BYTES) chunks.push(chunk.subarray(0, READ_BYTES - read));
        read += chunk.length;
        if (read >= READ_BYTES) {
          res.destroy();
          finish();
        }
      });
      res.on("end", finish);
      res.on("error", () => finish());
      res.on("close", finish);
    });
    req.end(body);
  });
}
