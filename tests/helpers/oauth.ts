/** What the app asks for at sign-in (CRM objects of the three types, plus the schema scopes). */
export const FULL_SCOPES =
  "oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.deals.read crm.objects.deals.write " +
  "crm.objects.tickets.read crm.objects.tickets.write crm.schemas.deals.write crm.schemas.tickets.write";

/** Walk the sandbox's OAuth authorization-code flow over HTTP and return its tokens. */
export async function connectSandboxPortal(
  sandboxUrl: string,
  app = { clientId: "sandbox-client-id", clientSecret: "sandbox-client-secret" },
  scope = FULL_SCOPES,
): Promise<{ access_token: string; refresh_token: string; expires_in: number; hub_id: number; scopes: string[] }> {
  const redirectUri = "http://localhost:5001/api/auth/callback/hubspot";
  const approve = await fetch(`${sandboxUrl}/oauth/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri, scope, state: "s" }),
  });
  const code = new URL(approve.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) throw new Error(`sandbox authorize gave no code (HTTP ${approve.status})`);
  const res = await fetch(`${sandboxUrl}/oauth/v3/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    }),
  });
  if (!res.ok) throw new Error(`sandbox token exchange failed: ${res.status} ${await res.text()}`);
  return res.json();
}
