import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** Bodies up to this size (the JSON routes' cap) are read at once; larger or unsized ones stream. */
const BUFFERED_BODY_BYTES = 1_000_000;

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function webHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return headers;
}

/**
 * A Node.js request as the Web Request a route handler takes, as Next.js builds it. A body of
 * known, small size is read first (cheaper than a web stream); any other streams, so a handler's
 * own size cap applies before it is read whole.
 */
export async function toWebRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const method = req.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = { method, headers: webHeaders(req) };
  if (method !== "GET" && method !== "HEAD") {
    const length = Number(req.headers["content-length"]);
    if (Number.isFinite(length) && length <= BUFFERED_BODY_BYTES && !req.headers["transfer-encoding"]) {
      init.body = (await readAll(req)) as Uint8Array<ArrayBuffer>;
    } else {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = "half";
    }
  }
  return new Request(new URL(req.url ?? "/", origin), init);
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/** Writes a route handler's Response: headers (several Set-Cookie kept apart), then its body, streamed. */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => {});
  res.once("close", onClose);
  try {
    while (!res.destroyed) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drainedOrClosed(res);
    }
    res.end();
  } finally {
    res.off("close", onClose);
  }
}
