// The production lean API server (lib/server/http/api-server.ts) on a node:http server of its own:
// every app/api route over real HTTP, as production serves them ahead of Next.js. Used in-process
// (where the sandbox must reach a route, e.g. its webhooks) and by the app-server process fixture.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** lib/server reads its configuration once, when first imported: only after the test has set it. */
const apiServer = () => import("@/lib/server/http/api-server");

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the API on 127.0.0.1:`port` (0: any free port); a path that is not the API's answers 404.
 * `preload`: import every route first (a process of its own); else they load on first request.
 */
export async function serveApi({ port = 0, preload = false }: { port?: number; preload?: boolean } = {}): Promise<ApiServer> {
  if (preload) await (await apiServer()).loadApiRoutes();
  let base = "http://127.0.0.1";
  const server = http.createServer((req, res) => {
    void apiServer().then(async ({ handleApiRequest }) => {
      const handled = await handleApiRequest(req, res, base);
      if (handled) return;
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, error: { code: "NOT_FOUND", message: `No route for ${req.url}` } }));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
