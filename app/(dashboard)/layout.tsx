import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AlertBanner } from "@/components/layout/alert-banner";
import { AppHeader } from "@/components/layout/app-header";
import { SandboxBanner } from "@/components/layout/sandbox-banner";
import { QueryProvider } from "@/components/providers/query-provider";
import { auth } from "@/lib/server/auth";
import { listActiveAlerts } from "@/lib/server/ops/alert-episodes";
import { getConnectionSummary } from "@/lib/server/services/connection-summary";

/** Every dashboard page: a session (the proxy checks too), the header with navigation and connection status. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user) redirect("/signin");
  const [summary, alerts] = await Promise.all([getConnectionSummary(session.user.hubId), listActiveAlerts()]);
  return (
    <QueryProvider>
      <SandboxBanner />
      <AppHeader userLabel={session.user.email ?? session.user.name ?? "Signed in"} summary={summary} />
      <AlertBanner alerts={alerts} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </QueryProvider>
  );
}
