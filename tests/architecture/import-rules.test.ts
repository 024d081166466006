import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The import rules of docs/architecture.md, checked on the source: which part may import which.
 * An import is named by the repository path it resolves to (`@/…` or relative).
 */
const root = path.resolve(__dirname, "../..");

const RULES: Array<{ part: string; mayNotImport: string[]; except?: string }> = [
  { part: "components/", mayNotImport: ["lib/server/"] },
  { part: "lib/client/", mayNotImport: ["lib/server/", "components/", "app/"] },
  { part: "lib/schemas/", mayNotImport: ["lib/server/", "lib/client/", "components/", "app/"] },
  // The lean API server's one route table imports the route handlers it serves.
  { part: "lib/server/", mayNotImport: ["lib/client/", "components/", "app/"], except: "lib/server/http/api-routes.ts → app/api/" },
];

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^import\s*)["']([^"']+)["']/gm;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(?:[cm]?ts|tsx)$/.test(e.name))
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
