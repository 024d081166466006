import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { auth } from "@/lib/server/auth";
import { signInWithHubSpot } from "@/lib/server/auth/actions";
import { getSignInClient } from "@/lib/server/auth/hubspot-provider";
import { safeCallbackPath } from "@/lib/server/auth/safe-redirect";
import { isSetupPending } from "@/lib/server/auth/setup-code";
import { env } from "@/lib/server/env";

export const metadata: Metadata = { title: "Sign in" };

/** Auth.js error codes (`?error=`) in words. */
const ERRORS: Record<string, string> = {
  AccessDenied: "HubSpot did not let you in. Ask for access to the connected HubSpot account.",
  OAuthCallbackError: "HubSpot sign-in was cancelled or failed. Try again.",
  OAuthSignin: "Could not start the HubSpot sign-in. Try again.",
  CallbackRouteError: "The HubSpot sign-in could not be completed (HubSpot may be unreachable). Try again.",
  Configuration: "Sign-in is misconfigured on the server. Check AUTH_SECRET and the HubSpot app settings.",
};

const MODE_NOTE = {
  sandbox: "Sandbox mode: you sign in through the built-in HubSpot sandbox; no HubSpot account is needed.",
  oauth: "Sign in with your HubSpot account. The first sign-in connects this app to your HubSpot portal.",
  private_app: "Sign in with your HubSpot account to prove who you are; the app calls HubSpot with its private-app token.",
} as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if ((await auth())?.user) redirect(callbackUrl);
  const error = typeof params.error === "string" ? (ERRORS[params.error] ?? "Sign-in failed. Try again.") : undefined;
  const isConfigured = getSignInClient() !== undefined;
  const needsSetupCode = isConfigured && (await isSetupPending());

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <div className="flex items-center gap-2">
          <span className="inline-block size-7 rounded-md bg-brand-500" aria-hidden="true" />
          <h1 className="text-lg font-semibold">HubSpot CRM Integration</h1>
        </div>
        <p className="text-sm text-slate-600">{MODE_NOTE[env.hubspotMode]}</p>
        {params.signedOut ? <Alert tone="success">You are signed out.</Alert> : null}
        {error ? <Alert tone="error">{error}</Alert> : null}
        {isConfigured ? (
          <form action={signInWithHubSpot}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            {needsSetupCode ? (
              <label className="mb-3 block text-sm">
                <span className="font-medium">Setup code</span>
                <span className="block text-xs text-slate-600">
                  No HubSpot portal is chosen yet: the first sign-in connects yours. Enter the code printed in the server log.
                </span>
                <input
                  name="setupCode"
                  required
                  autoComplete="off"
                  spellCheck={false}
                  className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 font-mono"
                  placeholder="XXXX-XXXX-XXXX"
                />
              </label>
            ) : null}
            <button
              type="submit"
              className="w-full rounded-md bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700"
            >
              Sign in with HubSpot
            </button>
          </form>
        ) : (
          <Alert tone="warning" title="Sign-in is not configured">
            With a private-app token (HUBSPOT_ACCESS_TOKEN), staff sign in through a HubSpot OAuth app used for identity only:
            set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET. API keys keep working meanwhile.
          </Alert>
        )}
      </div>
    </main>
  );
}
