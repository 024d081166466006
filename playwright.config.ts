import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium (never `npx playwright install`) against the production
 * app started by e2e/support/serve.ts (`npm start` on its own ports and database).
 */
const PORT = Number(process.env.E2E_PORT ?? 5101);
export const STAFF_STATE = "e2e-artifacts/.auth/staff.json";

const chromium = {
  ...devices["Desktop Chrome"],
  // Debian's Chromium; Playwright passes --no-sandbox itself when chromiumSandbox is off (as root).
  launchOptions: { executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium", chromiumSandbox: false },
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["html", { outputFolder: "e2e-artifacts/report", open: "never" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "sign-in", testMatch: /sign-in\.spec\.ts/, use: chromium },
    // spreadsheet-import.spec.ts runs after register.spec.ts (file order): its 30 contacts would move
    // the register spec's contact off the HubSpot table's page 2; tables-mirror adds contacts in
    // HubSpot too, so it runs after register as well.
    {
      name: "dashboard",
      testMatch: /(api-keys|docs|narrow-screen|page-weight|reconnect|register|registrations|security|spreadsheet-import|tables-mirror|validation|webhooks)\.spec\.ts/,
      dependencies: ["sign-in"],
      use: { ...chromium, storageState: STAFF_STATE },
    },
    // After the dashboard's specs: its faults (a HubSpot outage, refused tickets) and alert banners
    // would shift their pages (the register spec counts contacts per page).
    { name: "operations", testMatch: /operations\.spec\.ts/, dependencies: ["dashboard"], use: { ...chromium, storageState: STAFF_STATE } },
    { name: "sign-out", testMatch: /sign-out\.spec\.ts/, dependencies: ["operations"], use: { ...chromium, storageState: STAFF_STATE } },
  ],
  webServer: {
    command: "npx tsx e2e/support/serve.ts",
    url: `http://localhost:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
