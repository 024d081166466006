import { expect, test, type Page } from "@playwright/test";
import { STAFF_STATE } from "../playwright.config";
import { measureFirstLoadJs, record, slug, snap } from "./support/artifacts";

type Spec = { paths: Record<string, Record<string, { operationId: string }>> };

test("the Swagger page lists every operation with its schemas and can try one with the session", async ({ page }, info) => {
  const spec = (await (await page.request.get("/api/docs")).json()) as Spec;
  const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, id: op.operationId })),
  );
  expect(operations.map((o) => o.id)).toEqual(
    expect.arrayContaining([
      "registerContact",
      "listCrmObjects",
      "listLocalObjects",
      "listLocalObjectsAfter",
      "getHealth",
      "listApiKeys",
      "createApiKey",
      "revokeApiKey",
      "listPipelines",
      "getPropertyOptions",
    ]),
  );

  await page.goto("/docs");
  await expect(page.locator(".swagger-ui .info .title")).toContainText("HubSpot CRM Integration API");
  for (const op of operations) {
    const block = page.locator(`.opblock-${op.method}`).filter({ has: page.locator(`[data-path="${op.path}"]`) });
    await expect(block, `${op.method.toUpperCase()} ${op.path}`).toHaveCount(1);
  }
  await expect(page.locator(".models, section.models")).toBeVisible();
  await expect(page.getByRole("button", { name: "Authorize" })).toBeVisible();

  const register = page.locator(".opblock-post").filter({ has: page.locator('[data-path="/api/crm/register"]') });
  await register.locator(".opblock-summary").click();
  await register.locator(".opblock-section-request-body").getByRole("tab", { name: "Schema" }).click();
  await expect(register.getByText("RegistrationRequest", { exact: true }).first()).toBeVisible();
  await snap(page, `${slug(info)}--register-operation`);
  await register.locator(".opblock-summary").click();

  const local = page.locator(".opblock-get").filter({ has: page.locator('[data-path="/api/objects/local"]') });
  await local.locator(".opblock-summary").click();
  await local.getByRole("button", { name: "Try it out" }).click();
  await local.getByRole("button", { name: "Execute" }).click();
  await expect(local.locator(".live-responses-table tr.response .response-col_status").first()).toHaveText("200");
  await snap(page, slug(info));
});

test("Swagger UI's weight is loaded only on the docs page; the raw document is public", async ({ browser, page, playwright, baseURL }, info) => {
  const measure = (url: string, ready: (page: Page) => Promise<void>) => measureFirstLoadJs(browser, STAFF_STATE, url, ready);
  const sizes = {
    register: await measure("/register", (p) => expect(p.getByLabel("Email")).toBeVisible()),
    hubspot: await measure("/hubspot", (p) => expect(p.getByRole("table")).toBeVisible()),
    local: await measure("/local", (p) => expect(p.getByRole("table")).toBeVisible()),
    apiKeys: await measure("/api-keys", (p) => expect(p.getByRole("table")).toBeVisible()),
    docs: await measure("/docs", (p) => expect(p.locator(".swagger-ui .info")).toBeVisible()),
  };
  record("firstLoadJs", sizes);
  expect(sizes.docs.decodedKB).toBeGreaterThan(sizes.register.decodedKB + 500);

  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const yaml = await anonymous.get("/docs/openapi.yaml");
  expect(yaml.status()).toBe(200);
  expect(yaml.headers()["content-type"]).toContain("yaml");
  expect(await yaml.text()).toContain("openapi: 3.0.3");
  expect((await anonymous.get("/api/docs")).status()).toBe(200);
  await anonymous.dispose();

  await page.goto("/api/docs");
  await expect(page.getByText('"openapi":"3.0.3"')).toBeVisible();
  await snap(page, slug(info));
});
