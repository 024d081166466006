// The web process: Next.js' standalone server, with the API answered before Next.js sees it.
//   node lib/runtime/web-server.cjs .next/standalone/server.js      (npm start)
//   node web-server.cjs                                              (the Docker image's /app)
//
// Requests under /api (and the seed's /crm, /objects) go to the lean API server bundled next to
// the standalone server (cli/api-server.mjs, from lib/server/http/api-server.ts): the same route
// handlers, called with a Web Request as Next.js calls them, without Next's per-request machinery,
// which costs more CPU than a whole registration. Pages, static assets and Auth.js' /api/auth stay
// with Next.js. The hand-over is one seam: the listener of the HTTP server that Next's own
// start-up (server.js → startServer) creates, so Next keeps its keep-alive, shutdown and logging.
// Without the bundle (a build that lacks it) everything goes to Next.js, which serves the same routes.
//
// WEB_CONCURRENCY > 1 runs that many such processes sharing the port (node:cluster).
const cluster = require("node:cluster");
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const server = path.resolve(process.argv[2] ?? path.join(__dirname, "server.js"));
const apiBundle = path.join(path.dirname(server), "cli", "api-server.mjs");
const processes = Math.max(1, Number.parseInt(process.env.WEB_CONCURRENCY ?? "1", 10) || 1);

function log(level, msg, extra) {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), name: "web-server", msg, ...extra })}\n`);
}

/** Next's start-up creates one HTTP server: put the API in front of its listener. */
function interceptNextServer(api) {
  const createServer = http.createServer;
  http.createServer = function (...args) {
    http.createServer = createServer;
    const nextListener = args.pop();
    const origin = `http://${process.env.HOSTNAME || "0.0.0.0"}:${process.env.PORT || 3000}`;
    return createServer.call(http, ...args, (req, res) => {
      const pathname = (req.url ?? "/").split("?", 1)[0];
      if (!api.handlesPath(pathname)) return nextListener(req, res);
      api.handleApiRequest(req, res, origin).catch((err) => {
        log(50, "API request failed", { err: String(err) });
        res.destroy();
      });
    });
  };
}

/**
 * Idle keep-alive connections are closed after 65 s instead of Node's 5 s: longer than the idle
 * timeout of the proxies and load balancers in front (60 s is common) and of callers' pools, so a
 * request sent on a reused connection is never met by the server closing it (ECONNRESET for a
 * request the app never saw). KEEP_ALIVE_TIMEOUT (Next.js' own variable) sets another.
 */
process.env.KEEP_ALIVE_TIMEOUT ||= "65000";

async function startOne() {
  if (fs.existsSync(apiBundle)) {
    const api = await import(pathToFileURL(apiBundle).href);
    await api.loadApiRoutes();
    interceptNextServer(api);
    log(30, "the API is answered by the lean API server, pages by Next.js", { bundle: path.relative(process.cwd(), apiBundle) });
  } else {
    log(40, "the lean API server is not built (cli/api-server.mjs): Next.js serves the API routes", { bundle: apiBundle });
  }
  require(server);
}

if (!cluster.isPrimary || processes === 1) {
  startOne().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  // One server process gone means the app is broken: stop them all, the launcher reports it.
  cluster.on("exit", (_worker, code, signal) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    process.exitCode = code ?? (signal ? 1 : 0);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    });
  }
}
