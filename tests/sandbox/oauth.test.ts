import { describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { authorize, call, CLIENT, connect, control, form, pkcePair, REDIRECT_URI, refresh, useSandbox } from "../helpers/sandbox";

const ctx = useSandbox();

describe("sandbox OAuth", () => {
  it("renders the consent page and rejects an unknown client_id with a 400 page", async () => {
    const ok = await fetch(`${ctx.url}/oauth/12345678/authorize?client_id=${CLIENT.id}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=tickets`);
    const html = await ok.text();
    expect(ok.status).toBe(200);
    expect(html).toContain("<title>HubSpot sandbox — authorize</title>");
    expect(html).toContain("12345678");
    expect(html).toContain('<form method="post" action="/oauth/authorize">');
    const bad = await fetch(`${ctx.url}/oauth/authorize?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("text/html");
  });

  it("runs the code flow with PKCE S256 and the code is single-use", async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorize(ctx.url, { code_challenge: challenge, code_challenge_method: "S256" });
    const exchange = (code_verifier: string) =>
      form(ctx.url, "/oauth/v3/token", {
        grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI,
        client_id: CLIENT.id, client_secret: CLIENT.secret, code_verifier,
      });
    const wrong = await exchange("not-the-verifier");
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_grant");

    const ok = await exchange(verifier);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      token_type: "bearer", expires_in: 1800, token_use: "access_token", hub_id: 12345678,
      scopes: ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.deals.read", "crm.objects.deals.write", "tickets", "crm.schemas.deals.write"],
    });
    expect(ok.body.access_token.length).toBeGreaterThanOrEqual(90);
    expect(typeof ok.body.user_id).toBe("number");
    const used = await exchange(verifier);
    expect(used.status).toBe(400);
    expect(used.body.error).toBe("invalid_grant");

    const contacts = await call(ctx.url, "GET", "/crm/v3/objects/contacts", undefined, ok.body.access_token);
    expect(contacts.status).toBe(200);
    expect(contacts.headers.get("x-hubspot-ratelimit-max")).toBe("100");
    expect(contacts.headers.get("x-hubspot-ratelimit-daily")).toBeNull();
  });

  it("checks redirect_uri and client credentials on the exchange", async () => {
    const code = await authorize(ctx.url);
    const base = { grant_type: "authorization_code", code, client_id: CLIENT.id, client_secret: CLIENT.secret };
    const mismatch = await form(ctx.url, "/oauth/v1/token", { ...base, redirect_uri: "http://evil/cb" });
    expect(mismatch.body.error).toBe("invalid_grant");
    const badSecret = await form(ctx.url, "/oauth/v1/token", { ...base, redirect_uri: REDIRECT_URI, client_secret: "x" });
    expect(badSecret.status).toBe(400);
    expect(badSecret.body.error).toBe("invalid_client");
    expect(badSecret.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("v3 refuses parameters in the query string; v1 accepts them", async () => {
    const tokens = await connect(ctx.url);
    const qs = new URLSearchParams({ refresh_token: tokens.refresh_token, client_secret: CLIENT.secret });
    const v3 = await fetch(`${ctx.url}/oauth/v3/token?${qs}`, {
      method: "POST", body: new URLSearchParams({ grant_type: "refresh_token", client_id: CLIENT.id }),
    });
    expect(v3.status).toBe(400);
    expect((await v3.json()).error).toBe("invalid_request");
    const v1 = await fetch(`${ctx.url}/oauth/v1/token?${qs}`, {
      method: "POST", body: new URLSearchParams({ grant_type: "refresh_token", client_id: CLIENT.id }),
    });
    expect(v1.status).toBe(200);
  });

  it("refresh keeps the refresh token by default and gives a new access token", async () => {
    const tokens = await connect(ctx.url);
    const next = await refresh(ctx.url, tokens.refresh_token, "/oauth/2026-03/token");
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).toBe(tokens.refresh_token);
    expect(next.body.access_token).not.toBe(tokens.access_token);
    const stats = await control(ctx.url, "GET", "/stats");
    expect(stats.body.tokenRequests).toEqual({ authorization_code: 1, refresh_token: 1 });
  });

  it("rotation issues a new refresh token and invalidates the old one", async () => {
    await control(ctx.url, "POST", "/config", { rotateRefreshTokens: true });
    try {
      const tokens = await connect(ctx.url);
      const next = await refresh(ctx.url, tokens.refresh_token);
      expect(next.status).toBe(200);
      expect(next.body.refresh_token).not.toBe(tokens.refresh_token);
      const reused = await refresh(ctx.url, tokens.refresh_token);
      expect(reused.status).toBe(400);
      expect(reused.body).toMatchObject({
        error: "invalid_grant",
        error_description: "refresh token is invalid, expired or revoked",
        status: "BAD_REFRESH_TOKEN",
        message: "refresh token is invalid, expired or revoked",
      });
    } finally {
      await control(ctx.url, "POST", "/config", { rotateRefreshTokens: false });
    }
  });

  it("expired tokens answer EXPIRED_AUTHENTICATION and refresh still works", async () => {
    const tokens = await connect(ctx.url);
    expect((await control(ctx.url, "POST", "/tokens/expire")).status).toBe(200);
    const res = await call(ctx.url, "GET", "/crm/v3/objects/contacts", undefined, tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.body.category).toBe("EXPIRED_AUTHENTICATION");
    expect(res.body.message).toMatch(/^The OAuth token used to make this call expired \d+ second\(s\) ago\.$/);
    expect(res.body.correlationId).toBe(res.headers.get("x-hubspot-correlation-id"));
    const next = await refresh(ctx.url, tokens.refresh_token);
    const again = await call(ctx.url, "GET", "/crm/v3/objects/contacts", undefined, next.body.access_token);
    expect(again.status).toBe(200);
    expect((await call(ctx.url, "GET", "/crm/v3/objects/contacts")).status).toBe(200); // private-app token never expires
  });

  it("a short TTL expires on its own", async () => {
    await control(ctx.url, "POST", "/config", { tokenTtlSeconds: 1 });
    try {
      const tokens = await connect(ctx.url);
      expect(tokens.expires_in).toBe(1);
      await sleep(1100);
      const res = await call(ctx.url, "GET", "/crm/v3/objects/deals", undefined, tokens.access_token);
      expect(res.body.category).toBe("EXPIRED_AUTHENTICATION");
    } finally {
      await control(ctx.url, "POST", "/config", { tokenTtlSeconds: 1800 });
    }
  });

  it("missing or unknown bearer tokens answer INVALID_AUTHENTICATION", async () => {
    for (const token of [null, "made-up"]) {
      const res = await call(ctx.url, "GET", "/crm/v3/objects/contacts", undefined, token);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ status: "error", category: "INVALID_AUTHENTICATION" });
      expect(res.body.message).toMatch(/^Authentication credentials not found\./);
    }
  });

  it("revoke-all invalidates access and refresh tokens", async () => {
    const tokens = await connect(ctx.url);
    await control(ctx.url, "POST", "/tokens/revoke");
    const res = await call(ctx.url, "GET", "/crm/v3/objects/contacts", undefined, tokens.access_token);
    expect(res.body.category).toBe("INVALID_AUTHENTICATION");
    const again = await refresh(ctx.url, tokens.refresh_token);
    expect(again.status).toBe(400);
    expect(again.body.status).toBe("BAD_REFRESH_TOKEN");
  });

  it("introspects tokens via v1 and v3 and revokes via v3 and v1", async () => {
    const tokens = await connect(ctx.url);
    const v1 = await call(ctx.url, "GET", `/oauth/v1/access-tokens/${tokens.access_token}`, undefined, null);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ token: tokens.access_token, user: "sandbox-user@example.com", hub_id: 12345678, token_type: "access" });
    expect(v1.body.expires_in).toBeGreaterThan(1700);
    expect((await call(ctx.url, "GET", "/oauth/v1/access-tokens/nope", undefined, null)).status).toBe(404);

    const creds = { client_id: CLIENT.id, client_secret: CLIENT.secret };
    const access = await form(ctx.url, "/oauth/v3/token/introspect", { ...creds, token: tokens.access_token, token_type_hint: "access_token" });
    expect(access.body).toMatchObject({ active: true, token_use: "access_token", hub_id: 12345678 });
    const viaDocsField = await form(ctx.url, "/oauth/v3/token/introspect", { ...creds, refresh_token: tokens.refresh_token, token_type_hint: "refresh_token" });
    expect(viaDocsField.body).toMatchObject({ active: true, token_use: "refresh_token" });
    expect(viaDocsField.body.expires_in).toBeUndefined();

    expect((await form(ctx.url, "/oauth/v3/token/revoke", { ...creds, token: tokens.refresh_token })).status).toBe(200);
    expect((await refresh(ctx.url, tokens.refresh_token)).body.error).toBe("invalid_grant");
    const gone = await form(ctx.url, "/oauth/v3/token/introspect", { ...creds, token: tokens.refresh_token });
    expect(gone.body).toEqual({ active: false });

    const other = await connect(ctx.url);
    expect((await call(ctx.url, "GET", `/oauth/v1/refresh-tokens/${other.refresh_token}`, undefined, null)).body.token_type).toBe("refresh");
    expect((await call(ctx.url, "DELETE", `/oauth/v1/refresh-tokens/${other.refresh_token}`, undefined, null)).status).toBe(204);
    expect((await refresh(ctx.url, other.refresh_token)).status).toBe(400);
    // v1 DELETE removes only the refresh token: the access token keeps working.
    expect((await call(ctx.url, "GET", "/crm/v3/objects/contacts", undefined, other.access_token)).status).toBe(200);
  });
});
