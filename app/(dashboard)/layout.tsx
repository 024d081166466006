import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { SandboxBanner } from "@/components/layout/sandbox-banner";
import { QueryProvider } from "@/components/providers/query-provider";
import { auth } from "@/lib/server/auth";
import { getConnectionSummary } from "@/lib/server/services/connection-summary";

/** Every dashboard page: a session (the proxy checks too), the header with navigation and connection status. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user) redirect("/signin");
  const summary = await getConnectionSummary(session.user.hubId);
  return (
    <QueryProvider>
      <SandboxBanner />
      <AppHeader userLabel={session.user.email ?? session.user.name ?? "Signed in"} summary={summary} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </QueryProvider>
  );
}
