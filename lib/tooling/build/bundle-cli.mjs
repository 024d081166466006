#!/usr/bin/env node
/**
 * Bundles what the runtime image runs besides the Next.js server into self-contained ES modules:
 * the command-line entry points `node cli/migrate.mjs`, `node cli/worker.mjs`, `node cli/sandbox.mjs`,
 * and `cli/api-server.mjs`, the lean API server that lib/runtime/web-server.cjs puts in front of Next.js.
 * The standalone server's node_modules holds only what the web app traces, so each bundle carries
 * all of its own dependencies (pg, pino, pg-boss, the generated Prisma client with its wasm).
 *
 *   node lib/tooling/build/bundle-cli.mjs [outdir] [entry ...]     (default: dist/cli, every entry)
 *
 * `server-only` is resolved with the `react-server` condition, as `npm run worker`
 * (`node --conditions=react-server`) does, so lib/server loads outside Next.js.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const outdir = path.resolve(root, process.argv[2] ?? "dist/cli");

const ALL_ENTRIES = {
  migrate: "lib/cli/migrate.ts",
  worker: "lib/cli/worker.ts",
  sandbox: "lib/cli/sandbox.ts",
  "api-server": "lib/server/http/api-server.ts",
};
const asked = process.argv.slice(3);
const unknown = asked.filter((name) => !(name in ALL_ENTRIES));
if (unknown.length) {
  console.error(`bundle-cli: unknown entry point(s): ${unknown.join(", ")} (known: ${Object.keys(ALL_ENTRIES).join(", ")})`);
  process.exit(1);
}
const ENTRIES = Object.fromEntries(Object.entries(ALL_ENTRIES).filter(([name]) => !asked.length || asked.includes(name)));

const missing = Object.values(ENTRIES).filter((file) => !fs.existsSync(path.join(root, file)));
if (missing.length) {
  console.error(`bundle-cli: missing entry point(s): ${missing.join(", ")}`);
  process.exit(1);
}

// CommonJS dependencies inside an ES module bundle still call require() for Node built-ins
// and read __dirname/__filename: give them the real ones.
const banner = [
  'import { createRequire as __bundleCreateRequire } from "node:module";',
  'import { fileURLToPath as __bundleFileURLToPath } from "node:url";',
  'import { dirname as __bundleDirname } from "node:path";',
  "const require = __bundleCreateRequire(import.meta.url);",
  "const __filename = __bundleFileURLToPath(import.meta.url);",
  "const __dirname = __bundleDirname(__filename);",
].join("\n");

fs.rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  conditions: ["react-server", "module"],
  tsconfig: path.join(root, "tsconfig.json"),
  // Optional native bindings that pg and pino only load when asked to; never used here.
  external: ["pg-native", "pino-pretty"],
  banner: { js: banner },
  legalComments: "none",
  sourcemap: false,
  metafile: true,
  logLevel: "warning",
});

for (const [file, info] of Object.entries(result.metafile.outputs)) {
  console.log(`bundle-cli: ${path.relative(root, file)} ${(info.bytes / 1024 / 1024).toFixed(1)} MB`);
}
console.log(`bundle-cli: done in ${Date.now() - started} ms`);
