import { expect, test } from "@playwright/test";
import { slug, snap } from "./support/artifacts";

test("invalid fields are flagged inline before anything is sent", async ({ page }, info) => {
  let posted = 0;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/crm/register") && r.method() === "POST") posted++;
  });
  await page.goto("/register");
  const email = page.getByLabel("Email");
  await email.fill("not-an-email");
  await email.blur();
  await expect(page.locator("#contact-email-error")).toHaveText("must be a valid email address");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAttribute("aria-describedby", /contact-email-error/);

  await email.fill("ada@example.com");
  await expect(page.locator("#contact-email-error")).toHaveCount(0);
  await expect(email).toHaveAttribute("aria-invalid", "false");

  await page.getByRole("button", { name: "Add deal" }).click();
  await page.getByTestId("deal-0").getByLabel("Amount").fill("lots");
  await page.getByRole("button", { name: "Register in HubSpot" }).click();
  await expect(page.locator("#deal-0-dealname-error")).toHaveText("is required");
  await expect(page.locator("#deal-0-amount-error")).toBeVisible();
  await expect(page.getByTestId("deal-0").getByLabel("Deal name")).toBeFocused();
  expect(posted).toBe(0);
  await snap(page, slug(info));
});

test("an error the server finds is shown on its field (deals[1].dealstage → second deal's stage)", async ({ page }, info) => {
  await page.goto("/register");
  await page.getByLabel("Email").fill(`server.check.${Date.now()}@example.com`);
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Add deal" }).click();
  await page.getByTestId("deal-0").getByLabel("Deal name").fill("Fine deal");
  await page.getByTestId("deal-1").getByLabel("Deal name").fill("Deal with a stage HubSpot does not have");
  // A stage that passes the schema but that the portal's pipeline lacks: only the server can tell.
  const stage = page.getByTestId("deal-1").getByLabel("Deal stage");
  await stage.evaluate((el) => el.insertAdjacentHTML("beforeend", '<option value="no-such-stage">No such stage</option>'));
  await stage.selectOption("no-such-stage");

  const answer = page.waitForResponse((r) => r.url().endsWith("/api/crm/register"));
  await page.getByRole("button", { name: "Register in HubSpot" }).click();
  const res = await answer;
  expect(res.status()).toBe(400);
  expect((await res.json()).error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: "deals[1].dealstage" })]));

  await expect(page.locator("#deal-1-dealstage-error")).toContainText("unknown stage");
  await expect(stage).toHaveAttribute("aria-invalid", "true");
  await expect(stage).toBeFocused();
  await expect(page.locator("#deal-0-dealstage-error")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Register in HubSpot" })).toBeEnabled();
  await snap(page, slug(info));
});
