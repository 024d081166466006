import Link from "next/link";
import type { ConnectionSummary } from "@/lib/schemas/connection-summary";
import { ConnectionStatus, type FormAction } from "./connection-status";
import { NavLinks } from "./nav-links";

/** The session's server actions, passed in by the dashboard layout (lib/server/auth/actions.ts). */
export interface HeaderActions {
  signOut: FormAction;
  signOutEverywhere: FormAction;
  reconnect: FormAction;
}

export function AppHeader({ userLabel, summary, actions }: { userLabel: string; summary: ConnectionSummary; actions: HeaderActions }) {
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-2 gap-y-2 px-4 py-3 sm:gap-x-4">
        <Link href="/" className="flex items-center gap-2 text-sm font-semibold text-slate-900 sm:text-base">
          <span className="inline-block size-6 rounded-md bg-brand-500" aria-hidden="true" />
          <span>CRM Integration</span>
        </Link>
        <NavLinks />
        <div className="ml-auto flex items-center gap-3">
          <span className="hidden max-w-48 truncate text-sm text-slate-600 sm:inline" title={userLabel}>
            {userLabel}
          </span>
          <form action={actions.signOut}>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
              Sign out
            </button>
          </form>
        </div>
      </div>
      <div className="border-t border-slate-100 bg-slate-50/60">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-1.5">
          <ConnectionStatus summary={summary} reconnect={actions.reconnect} />
          <form action={actions.signOutEverywhere} className="ml-auto">
            <button type="submit" className="text-xs text-slate-600 underline hover:text-slate-900" title="Ends your sessions on every device">
              End all my sessions
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
