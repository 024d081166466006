import { expect, test } from "@playwright/test";
import { STAFF_STATE } from "../playwright.config";
import { slug, snap } from "./support/artifacts";

test("signing out ends the session: pages send you to sign-in and the API answers 401", async ({ page, baseURL }, info) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Operations" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${baseURL}/signin?signedOut=1`);
  await expect(page.getByText("You are signed out.")).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === "authjs.session-token")).toBeUndefined();

  await page.goto("/local");
  await expect(page).toHaveURL(`${baseURL}/signin?callbackUrl=%2Flocal`);
  expect((await page.request.get("/api/objects/local")).status()).toBe(401);
  await snap(page, slug(info));
});

test("ending all my sessions ends them on every device: a copy of the cookie no longer works", async ({ page, browser, baseURL }, info) => {
  // Another device: the same staff session, in a context of its own.
  const other = await browser.newContext({ storageState: STAFF_STATE });
  expect((await other.request.get("/api/objects/local")).status()).toBe(200);

  await page.goto("/");
  await page.getByRole("button", { name: "End all my sessions" }).click();
  await expect(page).toHaveURL(`${baseURL}/signin?signedOut=1`);

  expect((await other.request.get("/api/objects/local")).status()).toBe(401);
  const otherPage = await other.newPage();
  await otherPage.goto("/local");
  await expect(otherPage).toHaveURL(/\/signin/);
  await other.close();
  await snap(page, slug(info));
});
