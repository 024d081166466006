import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { STAFF_STATE } from "../playwright.config";
import { slug, snap } from "./support/artifacts";

test("an unauthenticated visit is sent to sign-in and the API answers 401", async ({ page, request, baseURL }, info) => {
  await page.goto("/hubspot?tab=deals");
  await expect(page).toHaveURL(`${baseURL}/signin?callbackUrl=%2Fhubspot%3Ftab%3Ddeals`);
  await expect(page.getByRole("button", { name: "Sign in with HubSpot" })).toBeVisible();
  await expect(page.getByText("Sandbox mode")).toBeVisible();

  for (const [method, url] of [["GET", "/api/objects/local"], ["POST", "/crm/register"], ["GET", "/objects/local-cursor"]] as const) {
    const res = await request.fetch(url, { method, data: method === "POST" ? { contact: { email: "x@example.com" } } : undefined });
    expect(res.status(), `${method} ${url}`).toBe(401);
    expect(await res.json()).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
  }
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.get("/api/docs")).status()).toBe(200);
  await snap(page, slug(info));
});

test("staff sign in through the sandbox's OAuth (state + PKCE) and land where they were going", async ({ page, baseURL }, info) => {
  await page.goto("/register");
  await expect(page).toHaveURL(`${baseURL}/signin?callbackUrl=%2Fregister`);
  await page.getByRole("button", { name: "Sign in with HubSpot" }).click();

  await expect(page.getByRole("heading", { name: "Connect app" })).toBeVisible();
  const authorize = new URL(page.url());
  expect(authorize.pathname).toBe("/oauth/authorize");
  expect(authorize.searchParams.get("state")).toBeTruthy();
  expect(authorize.searchParams.get("code_challenge")).toBeTruthy();
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("redirect_uri")).toBe(`${baseURL}/api/auth/callback/hubspot`);
  expect(authorize.searchParams.get("scope")).toContain("crm.objects.contacts.write");
  await snap(page, `${slug(info)}--consent`);
  await page.getByRole("button", { name: "Connect app" }).click();

  await expect(page).toHaveURL(`${baseURL}/register`);
  await expect(page.getByRole("heading", { name: "Register a contact" })).toBeVisible();
  await expect(page.getByTestId("connection-status")).toContainText("Sandbox portal 12345678");
  await expect(page.getByTestId("connection-status")).toContainText("connected");
  await expect(page.getByText("sandbox-user@example.com")).toBeVisible();

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "authjs.session-token");
  expect(session?.httpOnly).toBe(true);
  // The session holds who signed in, never HubSpot's tokens: it is an encrypted JWT of modest size.
  expect(session!.value.length).toBeLessThan(1200);

  fs.mkdirSync(path.dirname(STAFF_STATE), { recursive: true });
  await page.context().storageState({ path: STAFF_STATE });
  await snap(page, slug(info));
});
