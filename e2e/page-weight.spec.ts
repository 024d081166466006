import { expect, test } from "@playwright/test";
import { measurePageWeights } from "../lib/tooling/bench/page-weight";
import { repoRoot } from "../lib/runtime/paths";
import { STAFF_STATE } from "../playwright.config";
import { measureFirstLoadJs, record } from "./support/artifacts";

/** Issue 5's budget for the register and table pages, held by every dashboard page. */
const BUDGET_KB = 200;
const ROUTES = [
  "(dashboard)",
  "(dashboard)/register",
  "(dashboard)/registrations",
  "(dashboard)/imports",
  "(dashboard)/hubspot",
  "(dashboard)/hubspot/[objectType]/[objectId]",
  "(dashboard)/local",
  "(dashboard)/api-keys",
  "(dashboard)/webhooks",
  "(dashboard)/docs",
];
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

test("every dashboard page's first-load JavaScript (build manifests, gzip) is under 200 kB; Swagger UI only on the docs page", () => {
  // The build the e2e server runs (npm start builds it when the sources changed).
  const weights = measurePageWeights(repoRoot, ROUTES);
  record(
    "firstLoadJsFromManifests",
    Object.fromEntries(weights.pages.map((p) => [p.route, { gzipKB: kb(p.gzipBytes), rawKB: kb(p.rawBytes), files: p.files }])),
  );
  expect(weights.pages).toHaveLength(ROUTES.length);
  for (const p of weights.pages) expect(kb(p.gzipBytes), `${p.route} first-load JS (kB gzip)`).toBeLessThan(BUDGET_KB);
  expect(weights.swaggerOnlyOnDocs).toBe(true);
});

test("what a first visit downloads in the end, lazy chunks (the API's schemas) included, is recorded beside it", async ({ browser }) => {
  const sizes = {
    register: await measureFirstLoadJs(browser, STAFF_STATE, "/register", (p) => expect(p.getByLabel("Email")).toBeVisible()),
    registrations: await measureFirstLoadJs(browser, STAFF_STATE, "/registrations", (p) => expect(p.getByRole("table")).toBeVisible()),
  };
  record("jsUntilNetworkIdle", sizes);
  expect(sizes.register.files).toBeGreaterThan(0);
});
