// Runs the Next.js standalone server in WEB_CONCURRENCY processes that share one port (node:cluster),
// so `npm start` uses more than one core. With 1 (the default) it is the plain server.
//   node lib/runtime/web-cluster.cjs .next/standalone/server.js
const cluster = require("node:cluster");
const path = require("node:path");

const server = path.resolve(process.argv[2] ?? "server.js");
const processes = Math.max(1, Number.parseInt(process.env.WEB_CONCURRENCY ?? "1", 10) || 1);

if (!cluster.isPrimary || processes === 1) {
  require(server);
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
