import fs from "node:fs";
import path from "node:path";
import type { Browser, Page, TestInfo } from "@playwright/test";

export const ARTIFACTS = "e2e-artifacts";

/** Every test leaves a full-page screenshot named after it in e2e-artifacts/. */
export async function snap(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export const slug = (info: TestInfo) =>
  `${info.project.name}--${info.title}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 90);

/** Append a measurement (e.g. JS bytes a page loads) to e2e-artifacts/measurements.json. */
export function record(key: string, value: unknown) {
  const file = path.join(ARTIFACTS, "measurements.json");
  const all = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  all[key] = value;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

/**
 * JavaScript a signed-in first visit downloads (fresh browser context, empty cache): number of
 * script files, bytes on the wire (compressed) and decoded.
 */
export async function measureFirstLoadJs(browser: Browser, storageState: string, url: string, ready: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const scripts: Promise<{ transfer: number; decoded: number }>[] = [];
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    scripts.push(
      (async () => {
        const sizes = await res.request().sizes().catch(() => ({ responseBodySize: 0 }));
        const body = await res.body().catch(() => Buffer.alloc(0));
        return { transfer: sizes.responseBodySize, decoded: body.length };
      })(),
    );
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState("networkidle");
  const all = await Promise.all(scripts);
  await context.close();
  const kb = (n: number) => Math.round(n / 102.4) / 10;
  return {
    files: all.length,
    transferKB: kb(all.reduce((n, s) => n + s.transfer, 0)),
    decodedKB: kb(all.reduce((n, s) => n + s.decoded, 0)),
  };
}
