import { expect, test } from "@playwright/test";
import { slug, snap } from "./support/artifacts";
import { sandbox } from "./support/sandbox";

test("a revoked HubSpot connection shows as 'needs reconnect' and the next sign-in reconnects it", async ({ page }, info) => {
  // HubSpot forgets every token this app holds (as when the app is uninstalled).
  await sandbox.revokeTokens();
  await page.goto("/hubspot?source=live");
  const loadError = page.getByRole("alert").filter({ hasText: "Could not load this page" });
  await expect(loadError).toContainText("needs to be reconnected");
  await page.reload();
  await expect(page.getByTestId("connection-status")).toContainText("needs reconnect");
  await expect(loadError).toBeVisible();
  await snap(page, `${slug(info)}--needs-reconnect`);

  await page.getByRole("button", { name: "Reconnect HubSpot" }).click();
  await expect(page.getByRole("heading", { name: "Connect app" })).toBeVisible();
  await page.getByRole("button", { name: "Connect app" }).click();
  await expect(page.getByRole("heading", { name: "Operations" })).toBeVisible();
  await expect(page.getByTestId("connection-status")).toContainText("Sandbox portal 12345678");
  await expect(page.getByTestId("connection-status")).not.toContainText("needs reconnect");

  await page.goto("/hubspot?source=live");
  await expect(page.getByRole("table").locator("tbody tr").first()).toBeVisible();
  await expect(loadError).toHaveCount(0);
  await snap(page, slug(info));
});
