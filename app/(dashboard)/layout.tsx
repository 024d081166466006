import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AlertBanner } from "@/components/layout/alert-banner";
import { AppHeader } from "@/components/layout/app-header";
import { SandboxBanner } from "@/components/layout/sandbox-banner";
import { QueryProvider } from "@/components/providers/query-provider";
import { auth } from "@/lib/server/auth";
import { signInWithHubSpot, signOutEverywhere, signOutOfDashboard } from "@/lib/server/auth/actions";
import { listActiveAlerts } from "@/lib/server/ops/alert-episodes";
import { isSandboxInProduction, SANDBOX_NOTICE } from "@/lib/server/sandbox-notice";
import { getConnectionSummary } from "@/lib/server/services/connection-summary";

const HEADER_ACTIONS = { signOut: signOutOfDashboard, signOutEverywhere, reconnect: signInWithHubSpot };

/**
 * Every dashboard page: a session (the proxy checks too), the header with navigation and connection
 * status. A server component: it reads the server's data and hands it, with the server actions, to
 * the components as props (components never import lib/server).
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user) redirect("/signin");
  const [summary, alerts] = await Promise.all([getConnectionSummary(session.user.hubId), listActiveAlerts()]);
  return (
    <QueryProvider>
      {isSandboxInProduction() ? <SandboxBanner notice={SANDBOX_NOTICE} /> : null}
      <AppHeader userLabel={session.user.email ?? session.user.name ?? "Signed in"} summary={summary} actions={HEADER_ACTIONS} />
      <AlertBanner alerts={alerts} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </QueryProvider>
  );
}
