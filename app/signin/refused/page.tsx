import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sign-in refused" };

/** Where a refused HubSpot sign-in lands (see lib/server/auth/connect-portal.ts). */
export default async function SignInRefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { reason, portal, expected } = await searchParams;
  const digits = (s?: string) => (s && /^\d+$/.test(s) ? s : undefined);
  const message =
    reason === "other_portal"
      ? `Your HubSpot account ${digits(portal) ? `(portal ${digits(portal)}) ` : ""}is not the one this app is connected to${
          digits(expected) ? ` (portal ${digits(expected)})` : ""
        }. Sign in with a user of that portal.`
      : reason === "setup_code"
        ? "No HubSpot portal is chosen yet, and the setup code was missing or wrong. Enter the code printed in the server log at start (or set HUBSPOT_PORTAL_ID)."
      : reason === "no_refresh_token"
        ? "HubSpot did not give this app a refresh token, so the portal cannot be connected. Try again."
        : "HubSpot did not say which portal you belong to, so you cannot sign in.";
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-md space-y-4 rounded-lg border border-red-200 bg-white p-6 shadow-sm" role="alert">
        <h1 className="text-lg font-semibold text-red-800">Sign-in refused</h1>
        <p className="text-sm text-slate-700">{message}</p>
        <Link href="/signin" className="inline-block text-sm font-medium text-brand-700 underline">
          Back to sign-in
        </Link>
      </div>
    </main>
  );
}
