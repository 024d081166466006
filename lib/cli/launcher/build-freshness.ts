/**
 * Whether `npm start` must build first: when .next/BUILD_ID is older than a file the build uses.
 * What the build uses is found, not listed: the folders Next.js reads whole (app/, public/), the
 * configuration and package files, and every file reached by following imports from the build's
 * entry points (app/, proxy.ts, instrumentation.ts, next.config.ts and the lean API server's
 * lib/server/http/api-server.ts). So editing components/ or lib/server/ calls for a build, and
 * editing the bench, the sandbox, the tests or the launcher itself does not.
 */
import fs from "node:fs";
import path from "node:path";
import { STANDALONE_SERVER } from "./standalone";

/** Read by Next.js itself: a change may change the output. */
const CONFIG_FILES = [
  "next.config.ts",
  "next.config.js",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
/** Folders Next.js reads whole: routes, layouts, styles, icons; static files. */
const WHOLE_FOLDERS = ["app", "public"];
/** Code the build starts from besides app/ (absent ones are skipped). */
const ENTRY_FILES = ["proxy.ts", "middleware.ts", "instrumentation.ts", "next.config.ts", "lib/server/http/api-server.ts"];

const CODE = /\.(?:[cm]?[jt]sx?|css)$/;
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/;
const RESOLVE_EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".json", ".css"];
/** `from "x"`, `import "x"`, `import("x")`, `require("x")`, CSS `@import "x"`. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|@import\s+)["']([^"']+)["']/g;
/** `import type … from "x"` / `export type … from "x"`: erased from the output, so not followed. */
const TYPE_ONLY = /\b(?:import|export)\s+type\s[^;]*?\bfrom\s*["'][^"']+["']/g;

/** Why a production build is needed, or undefined when the build is newer than everything it uses. */
export function staleBuildReason(root: string): string | undefined {
  let builtAt: number;
  try {
    builtAt = fs.statSync(path.join(root, ".next", "BUILD_ID")).mtimeMs;
  } catch {
    return "there is no production build yet";
  }
  if (!fs.existsSync(path.join(root, STANDALONE_SERVER))) return `the standalone server (${STANDALONE_SERVER}) is missing`;
  for (const file of buildInputs(root)) {
    if (fs.statSync(file).mtimeMs > builtAt) return `${path.relative(root, file)} changed since the last build`;
  }
  return undefined;
}

/** Every file the production build reads from the repository (absolute paths). */
export function buildInputs(root: string): string[] {
  const inputs = new Set<string>();
  const pending: string[] = [];
  const add = (file: string) => {
    if (inputs.has(file) || TEST_FILE.test(file)) return;
    inputs.add(file);
    if (CODE.test(file)) pending.push(file);
  };
  for (const name of CONFIG_FILES) if (isFile(path.join(root, name))) add(path.join(root, name));
  for (const folder of WHOLE_FOLDERS) for (const file of filesUnder(path.join(root, folder))) add(file);
  for (const name of ENTRY_FILES) if (isFile(path.join(root, name))) add(path.join(root, name));
  while (pending.length) {
    const file = pending.pop()!;
    for (const specifier of importsOf(file)) {
      const target = resolveImport(root, file, specifier);
      if (target) add(target);
    }
  }
  return [...inputs];
}

function importsOf(file: string): string[] {
  const code = fs.readFileSync(file, "utf8").replace(TYPE_ONLY, "");
  return [...code.matchAll(SPECIFIER)].map((m) => m[1]);
}

/** The repository file an import names (`@/…` or relative); packages are covered by package-lock.json. */
function resolveImport(root: string, from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return undefined;
  const candidates = [base, ...RESOLVE_EXTENSIONS.map((ext) => base + ext), ...RESOLVE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  // TypeScript's convention: `./x.js` names `./x.ts`.
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/\.([cm]?)js$/, ".$1ts"), base.replace(/\.js$/, ".tsx"));
  return candidates.find(isFile);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
