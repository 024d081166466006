import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** What a handler returns; `server.ts` turns it into bytes (or drops the socket for a fault). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Pre-rendered text (HTML pages); `body` is ignored when set. */
  text?: string;
  contentType?: string;
}

/** Thrown anywhere below a route; the server sends it as the reply. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === "string" ? body.message : `HTTP ${status}`);
  }
}

/** HubSpot's standard error body: `{status:"error", message, correlationId, category, ...}`. */
export function hubspotError(
  status: number,
  category: string,
  message: string,
  extra: Record<string, unknown> = {},
): HttpError {
  return new HttpError(status, { status: "error", message, category, ...extra });
}

export const validationError = (message: string, extra: Record<string, unknown> = {}) =>
  hubspotError(400, "VALIDATION_ERROR", message, extra);

export const notFoundError = (message = "Resource not found") =>
  hubspotError(404, "OBJECT_NOT_FOUND", message);

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

export const noContent = (): Reply => ({ status: 204 });

export function html(status: number, text: string): Reply {
  return { status, text, contentType: "text/html; charset=utf-8" };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body the way HubSpot complains about bad input: 400 VALIDATION_ERROR. */
export function parseJson(raw: string): unknown {
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw validationError(`Invalid input JSON: ${(err as Error).message}`);
  }
}

export function parseForm(raw: string): URLSearchParams {
  return new URLSearchParams(raw);
}


/** Random URL-safe token of roughly `length` characters. */
export function randomToken(length: number): string {
  return randomBytes(Math.ceil((length * 3) / 4))
    .toString("base64url")
    .slice(0, length);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Adds `correlationId` to JSON error bodies (right after `message`, as HubSpot orders it). */
function withCorrelationId(body: unknown, correlationId: string): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  if ("correlationId" in record) return record;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = value;
    if (key === "message") out.correlationId = correlationId;
  }
  if (!("correlationId" in out)) out.correlationId = correlationId;
  return out;
}

export function sendReply(res: ServerResponse, reply: Reply, correlationId: string): void {
  res.setHeader("X-HubSpot-Correlation-Id", correlationId);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.text !== undefined) {
    res.setHeader("Content-Type", reply.contentType ?? "text/plain; charset=utf-8");
    res.writeHead(reply.status).end(reply.text);
    return;
  }
  if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status).end();
    return;
  }
  const body = reply.status >= 400 ? withCorrelationId(reply.body, correlationId) : reply.body;
  res.setHeader("Content-Type", "application/json;charset=utf-8");
  res.writeHead(reply.status).end(JSON.stringify(body));
}

export function errorReply(err: HttpError): Reply {
  return { status: err.status, body: err.body, headers: err.headers };
}

/** Small typed readers for untrusted JSON. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return undefined;
}
