/**
 * The processes that make up the running app, each supervised the same way (supervisor.ts): output
 * inherited, signals forwarded, and when one exits everything stops with its exit code.
 */
import fs from "node:fs";
import path from "node:path";
import type { AppEnv } from "../../runtime/env-schema";
import { repoRoot } from "../../runtime/paths";
import { STANDALONE_SERVER } from "./standalone";
import type { ServiceSpec } from "./supervisor";

const WEB_SERVER = path.join(repoRoot, "lib/runtime/web-server.cjs");
/** `--conditions=react-server` lets lib/server's `server-only` guard load outside Next.js. */
const WORKER_ARGS = ["--conditions=react-server", "--import", "tsx", path.join(repoRoot, "lib/cli/worker.ts")];

/** Next.js (`next dev` with `dev`, else the standalone server behind the lean API server) and the sync worker. */
export function appServices(env: AppEnv, dev: boolean): ServiceSpec[] {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(env.PORT),
    NODE_ENV: dev ? ("development" as const) : ("production" as const),
  };
  const nextServer: ServiceSpec = dev
    ? { name: "Next.js", command: nextBin(), args: ["dev", "-p", String(env.PORT)], env: childEnv }
    : // The standalone server listens on HOSTNAME: all interfaces (0.0.0.0), as in the Docker image,
      // whatever HOSTNAME the shell or a container exported (it names the machine, not an address).
      // lib/runtime/web-server.cjs answers the API itself and hands the rest to it; WEB_CONCURRENCY > 1
      // runs that many processes sharing the port.
      {
        name: "Next.js",
        command: process.execPath,
        // Its heap bounded and its young generation sized (WEB_MAX_*_SPACE_MB), as the image's CMD does.
        args: [`--max-old-space-size=${env.WEB_MAX_OLD_SPACE_MB}`, `--max-semi-space-size=${env.WEB_MAX_SEMI_SPACE_MB}`, WEB_SERVER, path.join(repoRoot, STANDALONE_SERVER)],
        env: { ...childEnv, HOSTNAME: "0.0.0.0" },
      };
  return [
    nextServer,
    // The background sync worker (`npm run worker` runs the same thing alone).
    { name: "worker", command: process.execPath, args: WORKER_ARGS, env: childEnv },
  ];
}

export function nextBin(): string {
  const bin = path.join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "next.cmd" : "next");
  if (!fs.existsSync(bin)) {
    throw new Error(`Next.js is not installed (${path.relative(repoRoot, bin)} is missing): run npm install first.`);
  }
  return bin;
}
