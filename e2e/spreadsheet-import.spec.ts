import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ARTIFACTS, slug, snap } from "./support/artifacts";

const run = Date.now().toString(36);
const VALID = 30;
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * A real file as a spreadsheet exports it: `;` separated, a BOM, a quoted value with a newline, a
 * column named "Mail" that maps to nothing by itself, a column left out (Notes), and two bad rows.
 */
function writeLeadsFile(): string {
  const lines = ["\uFEFFMail;First Name;Deal Name;Amount;Subject;Notes"];
  for (let i = 0; i < VALID; i++) lines.push(`lead.${i}.${run}@example.com;Lead ${i};Event deal ${i} ${run};${100 + i};Follow-up ${i};"met at the stand\nsecond line"`);
  lines.splice(4, 0, `not-an-email;Broken;Event deal x ${run};10;Bad;`);
  lines.push(`bad.amount.${run}@example.com;Amount;Event deal y ${run};ten;Bad;`);
  const file = path.join(ARTIFACTS, `leads-${run}.csv`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(file, lines.join("\r\n") + "\r\n");
  return file;
}

test.describe.serial("importing a CSV of leads", () => {
  let importUrl = "";

  test("maps the columns (automatically, then edited), lists the bad rows by line and field", async ({ page }, info) => {
    await page.goto("/imports");
    await page.getByLabel("CSV file to import").setInputFiles(writeLeadsFile());
    await expect(page.getByRole("table", { name: "First rows of the file" })).toContainText(`lead.0.${run}@example.com`);
    await expect(page.getByTestId("mapping-First Name")).toHaveValue("firstname");
    await expect(page.getByTestId("mapping-Deal Name")).toHaveValue("dealname");
    await expect(page.getByTestId("mapping-Notes")).toHaveValue("");
    await expect(page.getByTestId("mapping-problem")).toContainText("no column maps to email");
    await page.getByTestId("mapping-Mail").selectOption("email");
    await expect(page.getByTestId("mapping-problem")).toHaveCount(0);
    await snap(page, `${slug(info)}--mapping`);

    await page.getByRole("button", { name: "Check every row" }).click();
    await expect(page.getByTestId("import-heading")).toHaveText("Checked; ready to import");
    await expect(page).toHaveURL(/\/imports\?id=[0-9a-f-]{36}/);
    importUrl = page.url();
    await expect(page.getByText(`2 of ${VALID + 2} rows are not valid`)).toBeVisible();
    const invalid = page.getByRole("list", { name: "Invalid rows" });
    await expect(invalid.getByTestId("import-row")).toHaveCount(2);
    await expect(invalid.getByTestId("import-row").first()).toContainText('line 8');
    await expect(invalid.getByTestId("import-row").first()).toContainText('email: must be a valid email address (column "Mail")');
    await expect(invalid.getByTestId("import-row").last()).toContainText('amount');
    await snap(page, `${slug(info)}--validation-errors`);
  });

  test("sends the valid rows with a progress bar that survives a reload, then offers the results", async ({ page }, info) => {
    await page.goto(importUrl);
    await page.getByRole("button", { name: `Import ${VALID} valid rows, skip 2` }).click();
    await expect(page.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
    await snap(page, `${slug(info)}--progress`);
    await page.reload();
    await expect(page.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
    await expect(page.getByTestId("import-heading")).toHaveText("Import finished", { timeout: 30_000 });
    await expect(page.getByTestId("import-synced")).toHaveText(String(VALID));
    await expect(page.getByTestId("import-failed")).toHaveText("0");
    // The rows read again once the import is done: the first page of the synced ones, with their ids.
    const synced = page.getByRole("list", { name: "Synced rows" }).getByTestId("import-row");
    await expect(synced).toHaveCount(20);
    await expect(synced.first()).toContainText(/contact \d+ · deal \d+ · ticket \d+/);
    await snap(page, `${slug(info)}--results`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("import-results").click()]);
    const csv = fs.readFileSync(await download.path(), "utf8").trim().split("\r\n");
    expect(csv[0]).toBe("line,state,email,contact_id,deal_ids,ticket_ids,error");
    expect(csv).toHaveLength(VALID + 3);
    expect(csv.filter((l) => /,synced,lead\.\d+\./.test(l) && /,\d+,\d+,\d+,$/.test(l))).toHaveLength(VALID);
    expect(csv.find((l) => l.startsWith("8,invalid,"))).toContain("must be a valid email address");
  });

  test("fits a 375 px screen", async ({ page }, info) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(importUrl);
    await expect(page.getByTestId("import-heading")).toHaveText("Import finished");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await snap(page, `${slug(info)}--narrow-results`);
    await page.goto("/imports");
    await page.getByLabel("CSV file to import").setInputFiles(path.join(ARTIFACTS, `leads-${run}.csv`));
    await expect(page.getByTestId("mapping-Mail")).toBeVisible();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await snap(page, slug(info));
  });
});
