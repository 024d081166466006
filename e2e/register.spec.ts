import { expect, test, type Page } from "@playwright/test";
import { slug, snap } from "./support/artifacts";
import { sandbox } from "./support/sandbox";

const run = Date.now().toString(36);
const EMAIL = `ada.${run}@example.com`;
const DEALS = [`E2E deal one ${run}`, `E2E deal two ${run}`];
const TICKETS = [`E2E ticket one ${run}`, `E2E ticket two ${run}`];
/** Contacts registered through the API first, so the UI's contact lands on page 2 of 10. */
const SEEDED = 11;
let ids: { contact: string; deals: string[]; tickets: string[] };

async function chooseSecondOption(page: Page, scope: string, label: string) {
  const select = page.getByTestId(scope).getByLabel(label, { exact: true });
  await expect(select.locator("option").nth(2)).toBeAttached();
  await select.selectOption({ index: 2 });
  return select.inputValue();
}

test.describe.serial("registering a contact with deals and tickets", () => {
  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ storageState: "e2e-artifacts/.auth/staff.json" });
    for (let i = 0; i < SEEDED; i++) {
      const res = await context.request.post("/api/crm/register", {
        data: { contact: { email: `seed.${i}.${run}@example.com`, firstname: "Seed", lastname: String(i) } },
      });
      expect(res.status()).toBe(200);
    }
    await context.close();
  });

  test("register a contact with two deals and two tickets and see the HubSpot ids", async ({ page }, info) => {
    await page.goto("/register");
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("First name").fill("Ada");
    await page.getByLabel("Last name").fill("Lovelace");
    await page.getByLabel("Phone").fill("+44 20 7946 0000");

    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Add deal" }).click();
    await page.getByRole("button", { name: "Remove deal 3" }).click();
    await expect(page.getByTestId("deal-2")).toHaveCount(0);
    for (const [i, name] of DEALS.entries()) {
      const deal = page.getByTestId(`deal-${i}`);
      await deal.getByLabel("Deal name").fill(name);
      await deal.getByLabel("Amount").fill(String(1200 + i * 300));
      await deal.getByLabel("Pipeline").selectOption({ index: 1 });
      await chooseSecondOption(page, `deal-${i}`, "Deal stage");
    }

    for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Add ticket" }).click();
    for (const [i, subject] of TICKETS.entries()) {
      const ticket = page.getByTestId(`ticket-${i}`);
      await ticket.getByLabel("Subject").fill(subject);
      await ticket.getByLabel("Description").fill("Customer cannot pay");
      await ticket.getByLabel("Category").selectOption("BILLING_ISSUE");
      await ticket.getByLabel("Priority").selectOption("HIGH");
      await ticket.getByLabel("Pipeline").selectOption({ index: 1 });
      await chooseSecondOption(page, `ticket-${i}`, "Stage");
    }

    // Slow HubSpot down so the progress state is visible.
    await sandbox.configure({ latencyMs: 400 });
    const submit = page.getByRole("button", { name: "Register in HubSpot" });
    await submit.click();
    await expect(page.getByRole("button", { name: "Registering…" })).toBeDisabled();
    await expect(page.getByText("Sending the contact, 2 deals, 2 tickets to HubSpot…")).toBeVisible();
    await snap(page, `${slug(info)}--submitting`);

    const result = page.getByTestId("registration-result");
    await expect(result.getByText("Registered in HubSpot")).toBeVisible({ timeout: 30_000 });
    await sandbox.configure({ latencyMs: 0 });
    const idsOf = async (type: string) => result.getByTestId(`${type}-id`).allInnerTexts();
    ids = { contact: (await idsOf("contacts"))[0], deals: await idsOf("deals"), tickets: await idsOf("tickets") };
    expect(ids.contact).toMatch(/^\d+$/);
    expect(ids.deals).toHaveLength(2);
    expect(ids.tickets).toHaveLength(2);
    await snap(page, slug(info));

    // Each id opens the record (the sandbox has no HubSpot UI: the app's record view), with its associations.
    await result.getByTestId("deals-id").first().click();
    await expect(page.getByRole("heading", { name: `Deal ${ids.deals[0]}` })).toBeVisible();
    await expect(page.getByText(DEALS[0])).toBeVisible();
    await expect(page.getByRole("link", { name: ids.contact })).toBeVisible();
    await snap(page, `${slug(info)}--record`);

    await page.goto("/register");
    await expect(page.getByLabel("Email")).toHaveValue("");
  });

  test("'Register another' clears the form", async ({ page }, info) => {
    await page.goto("/register");
    await page.getByLabel("Email").fill(`solo.${run}@example.com`);
    await page.getByRole("button", { name: "Register in HubSpot" }).click();
    await expect(page.getByTestId("registration-result")).toBeVisible();
    await page.getByRole("button", { name: "Register another" }).click();
    await expect(page.getByLabel("Email")).toHaveValue("");
    await expect(page.getByText("No deals. Add as many as you need.")).toBeVisible();
    await snap(page, slug(info));
  });

  test("the new objects show in the HubSpot tables; paging goes next and previous and survives a reload", async ({ page }, info) => {
    await page.goto("/hubspot?source=live&size=10");
    const table = page.getByRole("table");
    await expect(table.locator("tbody tr")).toHaveCount(10);
    await expect(page.getByTestId("page-indicator")).toHaveText("Page 1");
    await expect(table.getByText(EMAIL)).toHaveCount(0);

    await page.getByRole("button", { name: "Next →" }).click();
    await expect(page.getByTestId("page-indicator")).toHaveText("Page 2");
    await expect(page).toHaveURL(/page=2/);
    await expect(page).toHaveURL(/cursors=/);
    await expect(table.getByText(EMAIL)).toBeVisible();
    await expect(table.getByRole("link", { name: ids.contact })).toBeVisible();
    await snap(page, `${slug(info)}--contacts-page-2`);

    const shared = page.url();
    await page.reload();
    await expect(page.getByTestId("page-indicator")).toHaveText("Page 2");
    await expect(table.getByText(EMAIL)).toBeVisible();

    await page.getByRole("button", { name: "← Previous" }).click();
    await expect(page.getByTestId("page-indicator")).toHaveText("Page 1");
    await expect(table.getByText(EMAIL)).toHaveCount(0);
    await expect(page.getByRole("button", { name: "← Previous" })).toBeDisabled();

    // A shared link opens the same page in another tab.
    const other = await page.context().newPage();
    await other.goto(shared);
    await expect(other.getByRole("table").getByText(EMAIL)).toBeVisible();
    await other.close();

    await page.getByRole("tab", { name: "Deals" }).click();
    await expect(page).toHaveURL(/tab=deals/);
    for (const name of DEALS) await expect(table.getByText(name)).toBeVisible();
    for (const id of ids.deals) await expect(table.getByRole("link", { name: id })).toBeVisible();
    await snap(page, `${slug(info)}--deals`);

    await page.getByRole("tab", { name: "Tickets" }).click();
    await expect(page).toHaveURL(/tab=tickets/);
    for (const subject of TICKETS) await expect(table.getByText(subject)).toBeVisible();
    await expect(table.getByText("BILLING_ISSUE").first()).toBeVisible();
    await snap(page, slug(info));
  });

  test("the local table shows totals and page numbers, and pages with keysets too", async ({ page }, info) => {
    // Other specs register too: count what is there, at least what this file created.
    const total = (await (await page.request.get("/api/objects/local?limit=1")).json()).total_records as number;
    expect(total).toBeGreaterThanOrEqual(SEEDED + 1 + 2 + 2 + 1);
    const pages = Math.ceil(total / 10);
    await page.goto("/local?size=10");
    const table = page.getByRole("table");
    await expect(page.getByTestId("page-totals")).toHaveText(`Showing 1–10 of ${total} · page 1 of ${pages}`);
    await page.getByRole("button", { name: `Page ${pages}` }).click();
    await expect(page).toHaveURL(new RegExp(`page=${pages}`));
    await expect(page.getByTestId("page-totals")).toHaveText(`Showing ${(pages - 1) * 10 + 1}–${total} of ${total} · page ${pages} of ${pages}`);
    for (const name of [EMAIL, ...DEALS, ...TICKETS]) await expect(table.getByText(name)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("page-totals")).toContainText(`page ${pages} of ${pages}`);
    await snap(page, `${slug(info)}--pages`);

    await page.getByRole("tab", { name: "Keyset (large sets)" }).click();
    await expect(page).toHaveURL(/mode=keyset/);
    await expect(page.getByTestId("page-indicator")).toHaveText("Page 1");
    await expect(table.locator("tbody tr")).toHaveCount(10);
    for (let p = 2; p <= pages; p++) {
      await page.getByRole("button", { name: "Next →" }).click();
      await expect(page.getByTestId("page-indicator")).toHaveText(`Page ${p}`);
    }
    await expect(table.getByText(DEALS[1])).toBeVisible();
    await expect(page.getByRole("button", { name: "Next →" })).toBeDisabled();
    await page.getByRole("button", { name: "← Previous" }).click();
    await expect(page.getByTestId("page-indicator")).toHaveText(`Page ${pages - 1}`);

    await page.getByLabel("Type").selectOption("deals");
    await expect(page).toHaveURL(/type=deals/);
    await expect(table.locator("tbody tr")).toHaveCount(2);
    await snap(page, slug(info));
  });
});
