import { expect, test } from "@playwright/test";
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
