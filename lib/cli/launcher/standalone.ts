/**
 * The production build's output, as `npm start` runs it: `next build` writes the standalone server
 * (next.config.ts: `output: "standalone"`; the Docker image runs the same file) and
 * lib/tooling/build/bundle-cli.mjs bundles the lean API server next to it.
 */
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../../runtime/paths";

/** Paths relative to the repository root. */
export const STANDALONE_DIR = path.join(".next", "standalone");
export const STANDALONE_SERVER = path.join(STANDALONE_DIR, "server.js");
/** The lean API server that lib/runtime/web-server.cjs puts in front of Next.js (lib/server/http). */
export const API_BUNDLE = path.join(STANDALONE_DIR, "cli", "api-server.mjs");

/**
 * The standalone server serves `.next/static` and `public` from its own folder, and Next.js copies
 * `.env` into it at build time: put the current assets in and take the copied `.env` out (the
 * launcher passes the configuration it read itself; a stale copy could bring back a removed variable).
 */
export function prepareStandalone(root = repoRoot): void {
  const dir = path.join(root, STANDALONE_DIR);
  const staticDir = path.join(dir, ".next", "static");
  fs.rmSync(staticDir, { recursive: true, force: true });
  fs.cpSync(path.join(root, ".next", "static"), staticDir, { recursive: true });
  const publicDir = path.join(dir, "public");
  fs.rmSync(publicDir, { recursive: true, force: true });
  if (fs.existsSync(path.join(root, "public"))) fs.cpSync(path.join(root, "public"), publicDir, { recursive: true });
  for (const name of fs.readdirSync(dir)) {
    if (name === ".env" || name.startsWith(".env.")) fs.rmSync(path.join(dir, name), { force: true });
  }
}
