import { expect, test } from "@playwright/test";
import { slug, snap } from "./support/artifacts";

test.use({ viewport: { width: 375, height: 812 } });

const overflow = (page: import("@playwright/test").Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("at 375 px the pages fit, the menu opens, and the form works from the keyboard", async ({ page }, info) => {
  await page.goto("/register");
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await expect(page.getByTestId("connection-status")).toBeVisible();

  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.getByRole("link", { name: "Local records" })).toBeVisible();
  await snap(page, `${slug(info)}--menu`);
  await page.getByRole("button", { name: "Menu" }).click();

  await page.getByLabel("Email").focus();
  await page.keyboard.type("keyboard@example.com");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("First name")).toBeFocused();
  await page.getByRole("button", { name: "Add ticket" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("ticket-0").getByLabel("Subject")).toBeFocused();
  // A new, still empty ticket is not flagged before anyone has typed in it.
  await expect(page.locator("#ticket-0-subject-error")).toHaveCount(0);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await snap(page, `${slug(info)}--register`);

  await page.goto("/hubspot");
  await expect(page.getByRole("table")).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.getByRole("tab", { name: "Contacts" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Deals" })).toBeFocused();
  await expect(page).toHaveURL(/tab=deals/);
  await snap(page, slug(info));
});
