import { randomUUID } from "node:crypto";
import { escapeHtml, html, parseForm, type Reply } from "./http";
import { route, type RequestContext, type Route } from "./router";
import type { SandboxState } from "./state";
import { grantedScopes } from "./tokens";

/** An authorization code is single-use and lives five minutes. */
const CODE_TTL_MS = 5 * 60 * 1000;

const FORWARDED = ["client_id", "redirect_uri", "scope", "optional_scope", "state", "code_challenge", "code_challenge_method"];

function page(status: number, title: string, body: string): Reply {
  return html(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>HubSpot sandbox — ${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{padding:.5rem 1rem}</style>
</head><body>${body}</body></html>`,
  );
}

const errorPage = (message: string) =>
  page(400, "error", `<h1>Authorization error</h1><p role="alert">${escapeHtml(message)}</p>`);

/** Returns a problem with the authorize parameters, or undefined when they are fine. */
function checkParams(state: SandboxState, params: URLSearchParams, portalId?: string): string | undefined {
  if (params.get("client_id") !== state.config.clientId) return "Unknown or missing client_id.";
  const redirect = params.get("redirect_uri");
  if (!redirect || !URL.canParse(redirect)) return "Missing or invalid redirect_uri.";
  const method = params.get("code_challenge_method");
  if (params.get("code_challenge") && method !== null && method !== "S256") {
    return "Only code_challenge_method=S256 is supported.";
  }
  if (portalId !== undefined && portalId !== String(state.config.portalId)) {
    return `This sandbox only has account ${state.config.portalId}.`;
  }
  return undefined;
}

const splitScopes = (value: string | null) => (value ?? "").split(/[\s+]+/).filter(Boolean);

function showConsent(ctx: RequestContext): Reply {
  const problem = checkParams(ctx.state, ctx.query, ctx.params.portalId);
  if (problem) return errorPage(problem);
  const hidden = FORWARDED.filter((name) => ctx.query.has(name))
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(ctx.query.get(name) ?? "")}">`)
    .join("\n");
  const scopes = grantedScopes([...splitScopes(ctx.query.get("scope")), ...splitScopes(ctx.query.get("optional_scope"))]);
  return page(
    200,
    "authorize",
    `<h1>Connect app</h1>
<p>App <strong>${escapeHtml(ctx.state.config.clientId)}</strong> wants access to HubSpot account
<strong data-portal-id="${ctx.state.config.portalId}">${ctx.state.config.portalId}</strong>.</p>
<ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>
<form method="post" action="/oauth/authorize">
${hidden}
<button type="submit">Connect app</button>
</form>`,
  );
}

/** Approval: issues a single-use code and 302s back to `redirect_uri?code=…&state=…`. */
function approve(ctx: RequestContext): Reply {
  const form = parseForm(ctx.rawBody);
  const problem = checkParams(ctx.state, form);
  if (problem) return errorPage(problem);
  const code = randomUUID();
  const redirectUri = form.get("redirect_uri") ?? "";
  ctx.state.authCodes.set(code, {
    code,
    clientId: ctx.state.config.clientId,
    redirectUri,
    scopes: grantedScopes([...splitScopes(form.get("scope")), ...splitScopes(form.get("optional_scope"))]),
    codeChallenge: form.get("code_challenge") ?? undefined,
    expiresAt: Date.now() + CODE_TTL_MS,
  });
  const location = new URL(redirectUri);
  location.searchParams.set("code", code);
  const state = form.get("state");
  if (state !== null) location.searchParams.set("state", state);
  return { status: 302, headers: { Location: location.toString() }, text: "" };
}

export const authorizeRoutes: Route[] = [
  route("GET", "/oauth/authorize", showConsent),
  route("GET", "/oauth/:portalId/authorize", showConsent),
  route("POST", "/oauth/authorize", approve),
  route("POST", "/oauth/:portalId/authorize", approve),
];
