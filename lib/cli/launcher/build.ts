/**
 * `npm start`'s build step: `next build` when the last build is older than what it uses
 * (build-freshness.ts), then the lean API server's bundle beside the standalone server, then the
 * standalone folder's assets (standalone.ts).
 */
import fs from "node:fs";
import path from "node:path";
import type pino from "pino";
import { repoRoot } from "../../runtime/paths";
import { staleBuildReason } from "./build-freshness";
import { nextBin } from "./services";
import { API_BUNDLE, prepareStandalone } from "./standalone";
import type { Supervisor } from "./supervisor";

export async function prepareProductionBuild(supervisor: Supervisor, log: pino.Logger, env: NodeJS.ProcessEnv): Promise<void> {
  const reason = staleBuildReason(repoRoot);
  if (reason) {
    log.info({ reason }, `building the app first (next build): ${reason}`);
    const started = Date.now();
    await supervisor.runStep({ name: "next build", command: nextBin(), args: ["build"], env }, "next build");
    log.info({ ms: Date.now() - started }, "build finished");
  }
  if (reason || !fs.existsSync(path.join(repoRoot, API_BUNDLE))) {
    const bundler = path.join(repoRoot, "lib/tooling/build/bundle-cli.mjs");
    const outdir = path.dirname(path.join(repoRoot, API_BUNDLE));
    await supervisor.runStep(
      { name: "API bundle", command: process.execPath, args: [bundler, outdir, "api-server"], env },
      "bundling the API server",
    );
  }
  prepareStandalone();
}
