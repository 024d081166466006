/** A small keep-alive HTTP/1.1 client on node:http: cheaper per request than fetch for a load driver. */
import http from "node:http";

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: http.IncomingHttpHeaders;
  /** Wall time from sending to the last byte, in ms. */
  ms: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpClient {
  request<T = unknown>(method: string, path: string, opts?: RequestOptions): Promise<HttpResult<T>>;
  close(): void;
}

export function httpClient(baseUrl: string, maxSockets = 64): HttpClient {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    request<T>(method: string, path: string, opts: RequestOptions = {}) {
      const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
      return new Promise<HttpResult<T>>((resolve, reject) => {
        const started = performance.now();
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            signal: opts.signal,
            headers: {
              ...(payload ? { "content-type": "application/json", "content-length": String(payload.length) } : {}),
              ...opts.headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("error", reject);
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              let body: unknown = text;
              if ((res.headers["content-type"] ?? "").includes("json") && text) {
                try {
                  body = JSON.parse(text);
                } catch {
                  /* keep the text */
                }
              }
              resolve({ status: res.statusCode ?? 0, body: body as T, headers: res.headers, ms: performance.now() - started });
            });
          },
        );
        req.on("error", reject);
        if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
