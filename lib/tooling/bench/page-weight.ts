/**
 * First-load JavaScript of the dashboard pages, computed from the production build's manifests
 * (Next.js 16 no longer prints sizes in `next build`): the root main files every page loads plus
 * the page's entry chunks from its client-reference manifest, each gzipped (level 9, as Next's
 * old size report did). Swagger UI is found by content (its `swagger-client` dependency) and must
 * appear in no page's first-load chunks; the docs page should only reference it as a lazy chunk.
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

export interface PageWeight {
  route: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
  /** First-load files containing Swagger UI code. */
  swaggerFiles: string[];
  /** Lazy chunks with Swagger UI code that this page's first-load files reference. */
  lazySwagger: string[];
}

export interface PageWeights {
  pages: PageWeight[];
  swaggerChunks: string[];
  /** True when Swagger UI is in no first-load set and only the docs page references it. */
  swaggerOnlyOnDocs: boolean;
}

const SWAGGER_MARKER = "swagger-client";

function entryFiles(nextDir: string, route: string): string[] | undefined {
  const file = path.join(nextDir, "server", "app", route, "page_client-reference-manifest.js");
  if (!fs.existsSync(file)) return undefined;
  // The manifest is a script that assigns `globalThis.__RSC_MANIFEST[route]`.
  const context: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
  vm.runInNewContext(fs.readFileSync(file, "utf8"), context);
  const manifest = Object.values(context.__RSC_MANIFEST ?? {})[0];
  return Object.values(manifest?.entryJSFiles ?? {}).flat();
}

export function measurePageWeights(repoRoot: string, routes: string[]): PageWeights {
  const nextDir = path.join(repoRoot, ".next");
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const cache = new Map<string, { raw: number; gzip: number; text: string }>();
  const info = (file: string) => {
    let hit = cache.get(file);
    if (!hit) {
      const buf = fs.readFileSync(path.join(nextDir, file));
      hit = { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length, text: buf.toString("latin1") };
      cache.set(file, hit);
    }
    return hit;
  };
  const chunksDir = path.join(nextDir, "static", "chunks");
  const swaggerChunks = fs
    .readdirSync(chunksDir)
    .filter((f) => f.endsWith(".js") && fs.readFileSync(path.join(chunksDir, f), "latin1").includes(SWAGGER_MARKER))
    .map((f) => `static/chunks/${f}`);

  const pages: PageWeight[] = [];
  for (const route of routes) {
    const entries = entryFiles(nextDir, route);
    if (!entries) continue;
    const files = [...new Set([...(build.rootMainFiles ?? []), ...entries])];
    const sizes = files.map(info);
    pages.push({
      route: route.replace(/\([^)]*\)\/?/g, "/").replace(/\/+/g, "/"),
      files: files.length,
      rawBytes: sizes.reduce((a, s) => a + s.raw, 0),
      gzipBytes: sizes.reduce((a, s) => a + s.gzip, 0),
      swaggerFiles: files.filter((f) => swaggerChunks.includes(f)),
      lazySwagger: swaggerChunks.filter((chunk) => sizes.some((s) => s.text.includes(path.basename(chunk)))),
    });
  }
  const swaggerOnlyOnDocs =
    swaggerChunks.length > 0 &&
    pages.every((p) => p.swaggerFiles.length === 0 && (p.route.endsWith("/docs") || p.lazySwagger.length === 0));
  return { pages, swaggerChunks, swaggerOnlyOnDocs };
}
