import { expect, request as playwrightRequest, test } from "@playwright/test";
import { slug, snap } from "./support/artifacts";

// callbackUrl values as an attacker writes them in a link; each would send the browser elsewhere.
const ATTACKS = ["/%5Cevil.example", "/%09/evil.example", "/%0D%0A/evil.example", "//evil.example", "https://evil.example/"];

test("after sign-in a callbackUrl off the app's origin lands on / (never another site, never a 500)", async ({ page, baseURL, browser }, info) => {
  for (const attack of ATTACKS) {
    const res = await page.goto(`/signin?callbackUrl=${attack}`);
    expect(res?.status(), attack).toBeLessThan(500);
    await expect(page, attack).toHaveURL(`${baseURL}/`);
    await expect(page.getByRole("heading", { name: "Operations" })).toBeVisible();
  }
  await page.goto("/signin?callbackUrl=%2Fregistrations");
  await expect(page).toHaveURL(`${baseURL}/registrations`);

  // Not signed in: the sign-in form carries only a safe path.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const anonymous = await context.newPage();
  await anonymous.goto(`/signin?callbackUrl=${ATTACKS[0]}`);
  await expect(anonymous.locator('input[name="callbackUrl"]')).toHaveValue("/");
  await context.close();
  await snap(page, slug(info));
});

test("pages carry the security headers and load without a CSP violation", async ({ page }, info) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ["/", "/register", "/registrations", "/local", "/hubspot", "/api-keys", "/docs"]) {
    const res = await page.goto(path);
    const headers = res!.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).toContain("object-src 'none'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    await page.waitForLoadState("load");
  }
  // The last page is /docs: Swagger UI rendered under the CSP.
  await expect(page.locator(".swagger-ui .info .title")).toContainText("HubSpot CRM Integration API");
  expect(violations).toEqual([]);
  await snap(page, slug(info));
});

test("sandbox mode in production shows its banner on every dashboard page", async ({ page }, info) => {
  for (const path of ["/", "/register", "/registrations", "/api-keys"]) {
    await page.goto(path);
    await expect(page.getByTestId("sandbox-banner"), path).toContainText("Sandbox: nothing is sent to HubSpot; its data is lost on restart");
  }
  await snap(page, slug(info));
});

test("staff create a register-only key: it registers and sees only its own registrations", async ({ page, baseURL }, info) => {
  await page.goto("/api-keys");
  await page.getByLabel("Name").fill("E2E register only");
  await page.getByLabel(/^read:/).uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").innerText()).trim();
  await expect(page.getByRole("row", { name: /E2E register only/ })).toContainText("register");
  await snap(page, slug(info));

  const outside = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const headers = { authorization: `Bearer ${key}` };
  const email = `scoped.${Date.now()}@example.com`;
  const registered = await outside.post("/crm/register", { headers, data: { contact: { email, firstname: "Scoped" } } });
  expect(registered.status()).toBe(200);
  const mine = await outside.get("/api/registrations?limit=100", { headers });
  expect(mine.status()).toBe(200);
  const emails = ((await mine.json()) as { results: { email: string | null }[] }).results.map((r) => r.email);
  expect(emails).toEqual([email]);
  expect((await outside.get("/api/objects/local", { headers })).status()).toBe(403);
  await outside.dispose();
});
