import { expect, request as playwrightRequest, test } from "@playwright/test";
import { slug, snap } from "./support/artifacts";

test("staff create an API key (shown once), another system uses it, staff see it used and revoke it", async ({ page, baseURL }, info) => {
  await page.goto("/api-keys");
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await page.getByLabel("Name").fill("E2E robot");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toBeVisible();
  const key = (await shown.innerText()).trim();
  expect(key).toMatch(/^hsk_[\w-]{40}$/);
  const row = page.getByRole("row", { name: /E2E robot/ });
  await expect(row).toContainText(key.slice(0, 10));
  await expect(row).toContainText("never");
  await snap(page, `${slug(info)}--created`);

  // Outside the browser: no cookies, only the key.
  const outside = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const auth = { authorization: `Bearer ${key}` };
  expect((await outside.get("/api/objects/local")).status()).toBe(401);
  const local = await outside.get("/api/objects/local?limit=5", { headers: auth });
  expect(local.status()).toBe(200);
  expect(await local.json()).toMatchObject({ page: 1, limit: 5 });
  const registered = await outside.post("/crm/register", {
    headers: auth,
    data: { contact: { email: `robot.${Date.now()}@example.com`, firstname: "Robot" } },
  });
  expect(registered.status()).toBe(200);
  expect(await registered.json()).toMatchObject({ success: true, contact_id: expect.stringMatching(/^\d+$/) });
  const manage = await outside.get("/api/api-keys", { headers: auth });
  expect(manage.status()).toBe(403);

  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);
  await expect(page.getByRole("row", { name: /E2E robot/ })).not.toContainText("never");
  await snap(page, `${slug(info)}--used`);

  await page.getByRole("button", { name: "Revoke E2E robot" }).click();
  await page.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(page.getByRole("row", { name: /E2E robot/ })).toHaveCount(0);
  const after = await outside.get("/api/objects/local", { headers: auth });
  expect(after.status()).toBe(401);
  await outside.dispose();
  await snap(page, slug(info));
});
