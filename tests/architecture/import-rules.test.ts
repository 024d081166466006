import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The import rules of docs/architecture.md, checked on the source: which part may import which.
 * An import is named by the repository path it resolves to (`@/…` or relative).
 */
const root = path.resolve(__dirname, "../..");

/** The tooling (docs/architecture.md): it may import the product, never the other way round. */
const TOOLING = ["lib/tooling/"];

const RULES: Array<{ part: string; mayNotImport: string[]; except?: string }> = [
  { part: "app/", mayNotImport: TOOLING },
  { part: "components/", mayNotImport: ["lib/server/", "app/", ...TOOLING] },
  { part: "lib/client/", mayNotImport: ["lib/server/", "components/", "app/", ...TOOLING] },
  { part: "lib/schemas/", mayNotImport: ["lib/server/", "lib/client/", "components/", "app/", ...TOOLING] },
  // The lean API server's one route table imports the route handlers it serves.
  { part: "lib/server/", mayNotImport: ["lib/client/", "components/", "app/", ...TOOLING], except: "lib/server/http/api-routes.ts → app/api/" },
  { part: "lib/openapi/", mayNotImport: ["lib/server/", "lib/client/", "components/", "app/", ...TOOLING] },
  { part: "lib/runtime/", mayNotImport: ["lib/server/", "lib/client/", "lib/schemas/", "lib/openapi/", "lib/cli/", "components/", "app/", ...TOOLING] },
  // The commands start the sandbox (sandbox mode, `npm run sandbox`); nothing else of the tooling.
  { part: "lib/cli/", mayNotImport: ["components/", "app/", "lib/tooling/bench/", "lib/tooling/build/"] },
];

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s*)["']([^"']+)["']/gm;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    // Unit tests beside the code may import anything, as tests/ does.
    .filter((e) => e.isFile() && /\.(?:[cm]?[jt]s|tsx)$/.test(e.name) && !/\.test\.[jt]sx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

/** The repository paths a file imports (packages left out). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(SPECIFIER)].flatMap(([, spec]) => {
    if (spec.startsWith("@/")) return [spec.slice(2)];
    if (spec.startsWith(".")) return [path.posix.normalize(path.posix.join(path.posix.dirname(file), spec))];
    return [];
  });
}

describe("import rules", () => {
  it.each(RULES)("$part imports none of $mayNotImport", ({ part, mayNotImport, except }) => {
    const broken = sourceFiles(part).flatMap((file) =>
      importsOf(file)
        .filter((target) => mayNotImport.some((forbidden) => target.startsWith(forbidden)))
        .map((target) => `${file} → ${target}`)
        .filter((edge) => !(except && edge.startsWith(except))),
    );
    expect(broken).toEqual([]);
  });

  it('every lib/server file starts with import "server-only"', () => {
    const unfenced = sourceFiles("lib/server/")
      .filter((file) => !file.endsWith(".test.ts"))
      .filter((file) => !/^(?:\/\/.*\n|\/\*[\s\S]*?\*\/\n|"use server";\n|\s*\n)*import "server-only";/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(unfenced).toEqual([]);
  });
});
