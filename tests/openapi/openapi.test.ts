import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildOpenApiSpec } from "@/lib/openapi/spec";
import { toOpenApiYaml } from "@/lib/openapi/yaml";

const ROOT = path.resolve(__dirname, "../..");
const COMMITTED = path.join(ROOT, "docs/openapi.yaml");
/** Route files that are not part of the documented API: Auth.js's own routes and the JSON 404. */
const UNDOCUMENTED = ["app/api/auth/[...nextauth]/route.ts", "app/api/[...path]/route.ts"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Spec = { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>; security?: unknown[] };

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [path.relative(ROOT, full)] : [];
  });
}

/** `app/api/api-keys/[keyId]/route.ts` → `/api/api-keys/{keyId}` and the methods it exports. */
function operationsOf(file: string) {
  const url = `/${path.dirname(file).replace(/^app\//, "")}`.replace(/\[([^\]]+)\]/g, "{$1}");
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const methods = METHODS.filter((m) => new RegExp(`export const ${m}\\b|export const \\{[^}]*\\b${m}\\b|as ${m}\\b`).test(text));
  return { url, methods };
}

describe("docs/openapi.yaml", () => {
  const spec = buildOpenApiSpec() as Spec;

  it("is what the zod schemas generate (run `npm run openapi` after changing a schema)", () => {
    expect(fs.readFileSync(COMMITTED, "utf8")).toBe(toOpenApiYaml(spec));
  });

  it("documents every operation the app serves under /api", () => {
    const missing: string[] = [];
    for (const file of routeFiles(path.join(ROOT, "app/api")).filter((f) => !UNDOCUMENTED.includes(f))) {
      const { url, methods } = operationsOf(file);
      for (const m of methods) if (!spec.paths[url]?.[m.toLowerCase()]) missing.push(`${m} ${url}`);
    }
    expect(missing).toEqual([]);
  });

  it("requires a session or an API key everywhere except health, docs and HubSpot's signed webhooks", () => {
    const open = Object.entries(spec.paths).flatMap(([url, ops]) =>
      Object.entries(ops)
        .filter(([, o]) => Array.isArray(o.security) && o.security.length === 0)
        .map(([m]) => `${m.toUpperCase()} ${url}`),
    );
    expect(open.sort()).toEqual(["GET /api/docs", "GET /api/health", "POST /api/hubspot/webhooks"]);
    expect(spec.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
  });

  it("is valid YAML that round-trips to the same document", () => {
    expect(parse(fs.readFileSync(COMMITTED, "utf8"))).toEqual(JSON.parse(JSON.stringify(spec)));
  });
});
