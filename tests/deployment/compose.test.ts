import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { envSchema } from "@/lib/runtime/env-schema";
import { repoRoot } from "@/lib/runtime/paths";

/**
 * The deployment files stay in step with the configuration the app reads: a variable added to
 * lib/runtime/env-schema.ts must also reach the containers (docker-compose.yml), be listed in
 * .env.example and be documented in docs/configuration.md. (CI also validates the compose file with
 * docker-compose and starts the image's entry points: .ci/check-standalone.sh.)
 */
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");

/** Fixed by the image (Dockerfile ENV), not configuration. */
const SET_BY_IMAGE = ["NODE_ENV", "PORT"];
const appVariables = Object.keys(envSchema.shape).filter((k) => !SET_BY_IMAGE.includes(k));

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  build?: { target?: string };
}
const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

describe("docker-compose.yml", () => {
  it.each(["web", "worker"])("passes every app variable to %s", (name) => {
    const missing = appVariables.filter((k) => !(k in (services[name].environment ?? {})));
    expect(missing, `add ${missing.join(", ")} to x-app-env in docker-compose.yml`).toEqual([]);
  });

  it("sets no variable the app does not read on web and worker", () => {
    const known = new Set(Object.keys(envSchema.shape));
    for (const name of ["web", "worker"]) {
      expect(Object.keys(services[name].environment ?? {}).filter((k) => !known.has(k))).toEqual([]);
    }
  });

  it("starts web and worker only after the migrations succeeded, migrate only on a healthy db", () => {
    expect(services.web.depends_on?.migrate.condition).toBe("service_completed_successfully");
    expect(services.worker.depends_on?.migrate.condition).toBe("service_completed_successfully");
    expect(services.migrate.depends_on?.db.condition).toBe("service_healthy");
  });

  it("runs only entry points that the image contains", () => {
    const bundled = /const ALL_ENTRIES = \{([^}]*)\}/.exec(read("lib/tooling/build/bundle-cli.mjs"))?.[1] ?? "";
    for (const name of ["migrate", "worker", "sandbox"]) {
      expect(services[name].command).toEqual(["node", `cli/${name}.mjs`]);
      expect(bundled).toContain(`${name}: "lib/cli/${name}.ts"`);
      expect(fs.existsSync(path.join(repoRoot, "lib", "cli", `${name}.ts`))).toBe(true);
    }
    // web runs the image's CMD, which loads the lean API server bundled beside the others.
    expect(bundled).toContain(`"api-server": "lib/server/http/api-server.ts"`);
    expect(read("lib/tooling/build/build-standalone.sh")).toContain(`cp -a lib/runtime/web-server.cjs "$out/web-server.cjs"`);
    expect(services.sandbox.profiles).toEqual(["sandbox"]);
    expect(services.test.build?.target).toBe("test");
  });

  it("matches the image's fixed settings", () => {
    const dockerfile = read("Dockerfile");
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
    expect(runtime).toMatch(/^FROM base AS runtime/);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/PORT=5001/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/api\/health/m);
    // The web process with its heap bound and young generation (WEB_MAX_*_SPACE_MB, as npm start passes them).
    expect(runtime).toMatch(
      /^CMD \["sh", "-c", "exec node --max-old-space-size=\\"\$\{WEB_MAX_OLD_SPACE_MB:-384\}\\" --max-semi-space-size=\\"\$\{WEB_MAX_SEMI_SPACE_MB:-32\}\\" web-server.cjs"\]$/m,
    );
  });
});

describe("configuration documents", () => {
  it(".env.example lists every variable", () => {
    const example = read(".env.example");
    const missing = Object.keys(envSchema.shape)
      .filter((k) => k !== "NODE_ENV")
      .filter((k) => !new RegExp(`^#? ?${k}=`, "m").test(example));
    expect(missing, `add ${missing.join(", ")} to .env.example`).toEqual([]);
  });

  it("docs/configuration.md documents every variable", () => {
    const page = read("docs/configuration.md");
    const missing = Object.keys(envSchema.shape).filter((k) => !page.includes(`\`${k}\``));
    expect(missing, `document ${missing.join(", ")} in docs/configuration.md`).toEqual([]);
  });
});
