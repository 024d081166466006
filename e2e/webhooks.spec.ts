import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { slug, snap } from "./support/artifacts";

/**
 * The Webhooks page against the production app: a receiver of ours on 127.0.0.1 (the e2e server
 * allows it with WEBHOOK_ALLOWED_HOSTS and WEBHOOK_ALLOW_HTTP), a real registration, its signed
 * delivery shown in the deliveries table; at desktop width and at 375 px.
 */

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
let receiver: http.Server;
let receiverUrl: string;

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("received, thanks");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hubspot-sync`;
});
test.afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("add a webhook endpoint, see its secret once and a registration's delivery", async ({ page }, info) => {
  await page.goto("/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

  // Checks in the browser, then the server's SSRF refusal under the same field.
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("#webhook-url-error")).toHaveText("is required");
  for (const box of await page.getByRole("checkbox").all()) await box.uncheck();
  await page.getByLabel("URL").fill(receiverUrl);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("#webhook-events-error")).toContainText("choose at least one event");
  await page.getByRole("checkbox", { name: /registration\.synced/ }).check();
  await page.getByLabel("URL").fill("https://169.254.169.254/latest/meta-data/");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("#webhook-url-error")).toContainText("169.254.169.254, a link-local (cloud metadata) address");
  await snap(page, `${slug(info)}--refused`);

  await page.getByLabel("URL").fill(receiverUrl);
  await page.getByRole("checkbox", { name: /registration\.needs_attention/ }).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const shown = page.getByTestId("new-webhook-secret");
  await expect(shown).toBeVisible();
  const secret = (await shown.innerText()).trim();
  expect(secret).toMatch(/^whsec_[\w-]{43}$/);
  const row = page.getByRole("row", { name: new RegExp(receiverUrl.replace(/[.?/]/g, "\\$&")) });
  await expect(row).toContainText("Active");
  await expect(page.getByRole("heading", { name: "Deliveries" })).toBeVisible();
  await snap(page, `${slug(info)}--secret`);

  // A real registration (the staff session's cookie): synced, so one registration.synced event.
  const email = `webhook.${Date.now().toString(36)}@example.com`;
  const registered = await page.request.post("/api/crm/register", { data: { contact: { email, firstname: "Webhook" }, deals: [{ dealname: `Webhook deal ${email}` }] } });
  expect(registered.status()).toBe(200);
  const { contact_id: contactId } = await registered.json();
  await expect.poll(() => received.filter((r) => JSON.parse(r.body).data?.contact_id === contactId).length, { timeout: 20_000 }).toBe(1);
  const delivery = received.find((r) => JSON.parse(r.body).data?.contact_id === contactId)!;
  const event = JSON.parse(delivery.body);
  expect(event).toMatchObject({ type: "registration.synced", data: { status: "synced", contact_id: contactId } });
  // The receiver's check, as docs/webhooks.md describes it.
  const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature } = delivery.headers;
  expect(id).toBe(event.id);
  expect(signature).toBe(`v1=${createHmac("sha256", secret).update(`${id}.${timestamp}.${delivery.body}`).digest("hex")}`);

  const deliveries = page.getByRole("table", { name: "Deliveries of the selected endpoint" });
  const deliveryRow = deliveries.getByRole("row", { name: /registration\.synced/ });
  await expect(deliveryRow).toContainText("Delivered", { timeout: 15_000 });
  await expect(deliveryRow).toContainText("HTTP 200");
  await expect(deliveryRow).toContainText("received, thanks");
  await expect(deliveryRow.getByTestId("delivery-attempts")).toHaveText("1");
  await snap(page, `${slug(info)}--delivered`);

  // The secret is not shown again.
  await page.reload();
  await expect(page.getByTestId("new-webhook-secret")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(deliveries.getByRole("row", { name: /registration\.synced/ })).toContainText("Delivered");

  await page.setViewportSize({ width: 375, height: 812 });
  await expect(deliveries).toBeVisible();
  // Narrow: the state and actions sit under the URL, a delivery's state under its event.
  for (const name of [`Deliveries of ${receiverUrl}`, `Delete ${receiverUrl}`]) {
    const box = await page.getByRole("button", { name }).boundingBox();
    expect(box!.x + box!.width, `${name} fits sideways`).toBeLessThanOrEqual(375);
  }
  await expect(deliveries.getByTestId("delivery-status-compact").first()).toHaveText("Delivered");
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await snap(page, `${slug(info)}--375px`);

  // Leave the later specs no endpoint whose receiver is gone.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("button", { name: `Delete ${receiverUrl}` }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByRole("row", { name: new RegExp(receiverUrl.replace(/[.?/]/g, "\\$&")) })).toHaveCount(0);
  await snap(page, slug(info));
});
