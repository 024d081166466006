import { expect, test, type Page } from "@playwright/test";
import { slug, snap } from "./support/artifacts";
import { sandboxRequest } from "./support/sandbox";

/**
 * The HubSpot tables on the local mirror: contacts staff add in HubSpot (the sandbox's control
 * API) reach the mirror through signed webhooks, then the page searches and sorts them, pages
 * through them, shows when it last synced, fits 375 px, and switches to reading HubSpot live.
 * (Named to run after register.spec.ts, which counts the contacts on the live pages.)
 */
const run = Date.now().toString(36);
const TAG = `mirrortag${run}`;
const COUNT = 12;

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const emails = (page: Page) => page.getByRole("table").locator("tbody tr td:nth-child(2)").allInnerTexts();

test.describe.serial("the HubSpot tables on the local mirror", () => {
  test.beforeAll(async ({ request }) => {
    for (let i = 0; i < COUNT; i++) {
      const n = String((i * 7) % COUNT).padStart(2, "0");
      await sandboxRequest(request, "POST", "/objects/contacts", { properties: { email: `m${n}.${run}@example.com`, firstname: `Mira ${n}`, lastname: TAG } });
    }
  });

  test("search finds what staff created in HubSpot, once its webhooks reached the mirror", async ({ page }, info) => {
    await expect
      .poll(async () => (await (await page.request.get(`/api/crm/objects?q=${TAG}&limit=100`)).json()).contacts?.length ?? 0, { timeout: 30_000 })
      .toBe(COUNT);
    await page.goto("/hubspot?size=10");
    await expect(page.getByRole("button", { name: "Local mirror" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("last-synced")).toContainText("Last synced");
    await page.getByLabel("Search").fill(TAG.slice(0, 12));
    await expect(page).toHaveURL(new RegExp(`q=${TAG.slice(0, 12)}`));
    await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(10);
    await page.getByRole("button", { name: "Next →" }).click();
    await expect(page.getByTestId("page-indicator")).toHaveText("Page 2");
    await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(COUNT - 10);
    await snap(page, `${slug(info)}--page-2`);
    await page.getByLabel("Search").fill(`${TAG} mira 07`);
    await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
    await expect(page.getByRole("table")).toContainText(`m07.${run}@example.com`);
    await page.getByLabel("Search").fill("nobodyhere");
    await expect(page.getByTestId("empty-state")).toContainText("No contacts match");
    await snap(page, slug(info));
  });

  test("headers sort the rows, ascending then descending, and the order survives a reload", async ({ page }, info) => {
    await page.goto(`/hubspot?q=${TAG}`);
    const expected = Array.from({ length: COUNT }, (_, i) => `m${String(i).padStart(2, "0")}.${run}@example.com`);
    await page.getByRole("button", { name: "Email" }).click();
    await expect(page.getByRole("columnheader", { name: "Email" })).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(() => emails(page)).toEqual(expected);
    await page.getByRole("button", { name: "Email" }).click();
    await expect(page).toHaveURL(/sort=-email/);
    await expect.poll(() => emails(page)).toEqual([...expected].reverse());
    await page.reload();
    await expect(page.getByRole("columnheader", { name: "Email" })).toHaveAttribute("aria-sort", "descending");
    await expect.poll(() => emails(page)).toEqual([...expected].reverse());
    await snap(page, slug(info));
  });

  test("an edit staff make in HubSpot shows in the mirror", async ({ page, request }, info) => {
    const found = await (await page.request.get(`/api/crm/objects?q=${TAG}%20mira%2003`)).json();
    await sandboxRequest(request, "PATCH", `/objects/contacts/${found.contacts[0].id}`, { properties: { firstname: `Renamed${run}` } });
    await expect
      .poll(async () => (await (await page.request.get(`/api/crm/objects?q=renamed${run}`)).json()).contacts?.length ?? 0, { timeout: 30_000 })
      .toBe(1);
    await page.goto(`/hubspot?q=renamed${run}`);
    await expect(page.getByRole("table")).toContainText(`Renamed${run} ${TAG}`);
    await snap(page, slug(info));
  });

  test("at 375 px the mirror's controls fit, and the toggle reads HubSpot live", async ({ page }, info) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`/hubspot?q=${TAG}&sort=-email`);
    await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(COUNT);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await snap(page, `${slug(info)}--mirror`);
    await page.getByRole("button", { name: "Live from HubSpot" }).click();
    await expect(page).toHaveURL(/source=live/);
    await expect(page.getByLabel("Search")).toHaveCount(0);
    await expect(page.getByRole("table").locator("tbody tr").first()).toBeVisible();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await snap(page, slug(info));
  });
});
