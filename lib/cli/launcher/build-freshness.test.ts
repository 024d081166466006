import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildInputs, staleBuildReason } from "./build-freshness";

/** A small project on disk: what the build imports, and tooling beside it that it does not. */
const FILES: Record<string, string> = {
  "package.json": "{}",
  "next.config.ts": 'export default { output: "standalone" };',
  "proxy.ts": 'export { proxy } from "@/lib/server/auth";',
  "app/layout.tsx": 'import "./globals.css";\nimport { Header } from "@/components/header";\nexport default Header;',
  "app/globals.css": '@import "tailwindcss";',
  "app/api/health/route.ts": 'import { health } from "../../../lib/server/health";\nexport const GET = health;',
  "components/header.tsx": 'import { format } from "@/lib/client/format";\nexport const Header = () => format;',
  "lib/client/format.ts": "export const format = 1;",
  "lib/server/auth.ts": 'import "server-only";\nexport const proxy = 1;',
  "lib/server/health.ts": 'import type { Stats } from "@/lib/tooling/bench/stats";\nimport { env } from "../runtime/env";\nexport const health = env;',
  "lib/server/http/api-server.ts": 'export const routes = await import("./routes.js");',
  "lib/server/http/routes.ts": "export const routes = [];",
  "lib/runtime/env.ts": "export const env = 1;",
  "lib/runtime/migrate.ts": "export const migrate = 1;",
  "lib/tooling/bench/stats.ts": "export type Stats = number;",
  "lib/tooling/bench/main.ts": 'import { health } from "../server/health";',
  "lib/tooling/sandbox/server.ts": "export const sandbox = 1;",
  "lib/cli/start.ts": 'import "../runtime/migrate";',
  "lib/server/health.test.ts": 'import { health } from "./health";',
  "tests/api/health.test.ts": 'import { health } from "@/lib/server/health";',
  ".next/BUILD_ID": "build",
  ".next/standalone/server.js": "",
};

let root: string;
const BEFORE_BUILD = new Date("2026-01-01T10:00:00Z");
const BUILT = new Date("2026-01-01T11:00:00Z");
const AFTER_BUILD = new Date("2026-01-01T12:00:00Z");

function edit(file: string) {
  fs.utimesSync(path.join(root, file), AFTER_BUILD, AFTER_BUILD);
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "build-freshness-"));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
    fs.utimesSync(path.join(root, file), BEFORE_BUILD, BEFORE_BUILD);
  }
  fs.utimesSync(path.join(root, ".next/BUILD_ID"), BUILT, BUILT);
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("staleBuildReason", () => {
  it("finds nothing to do when the build is newer than every file", () => {
    expect(staleBuildReason(root)).toBeUndefined();
  });

  it("does not ask for a build when only tooling, tests or the launcher changed", () => {
    for (const file of ["lib/tooling/bench/main.ts", "lib/tooling/bench/stats.ts", "lib/tooling/sandbox/server.ts", "lib/cli/start.ts", "lib/runtime/migrate.ts", "lib/server/health.test.ts", "tests/api/health.test.ts"]) {
      edit(file);
    }
    expect(staleBuildReason(root)).toBeUndefined();
  });

  it.each([
    "lib/server/auth.ts",
    "lib/server/health.ts",
    "lib/server/http/routes.ts",
    "lib/runtime/env.ts",
    "lib/client/format.ts",
    "components/header.tsx",
    "app/globals.css",
    "next.config.ts",
    "package.json",
  ])("asks for a build when %s (used by the build) changed", (file) => {
    edit(file);
    expect(staleBuildReason(root)).toBe(`${file} changed since the last build`);
  });

  it("asks for a build when there is none, or its standalone server is missing", () => {
    fs.rmSync(path.join(root, ".next/standalone/server.js"));
    expect(staleBuildReason(root)).toMatch(/standalone server .* is missing/);
    fs.rmSync(path.join(root, ".next/BUILD_ID"));
    expect(staleBuildReason(root)).toBe("there is no production build yet");
  });
});

describe("buildInputs", () => {
  it("follows imports from the build's entry points and leaves the rest out", () => {
    const inputs = buildInputs(root).map((file) => path.relative(root, file)).sort();
    expect(inputs).toEqual(
      [
        "app/api/health/route.ts",
        "app/globals.css",
        "app/layout.tsx",
        "components/header.tsx",
        "lib/client/format.ts",
        "lib/runtime/env.ts",
        "lib/server/auth.ts",
        "lib/server/health.ts",
        "lib/server/http/api-server.ts",
        "lib/server/http/routes.ts",
        "next.config.ts",
        "package.json",
        "proxy.ts",
      ].sort(),
    );
  });
});
