import type { ConnectionSummary } from "@/lib/schemas/connection-summary";

/** A server action a form posts to. */
export type FormAction = (formData: FormData) => void | Promise<void>;

const DOT = { ok: "bg-emerald-500", warn: "bg-amber-500", bad: "bg-red-500" } as const;

/** Which HubSpot the app talks to and whether its connection works: always visible in the header. */
export function ConnectionStatus({ summary, reconnect }: { summary: ConnectionSummary; reconnect: FormAction }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="connection-status">
      <span className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2.5 py-1 font-medium text-slate-700">
        <span className={`size-2 rounded-full ${DOT[summary.tone]}`} aria-hidden="true" />
        <span>{summary.target}</span>
        <span className="text-slate-400" aria-hidden="true">·</span>
        <span>{summary.state}</span>
      </span>
      {summary.missingScopes.length > 0 ? (
        <span className="rounded-full bg-amber-50 px-2.5 py-1 text-amber-900" data-testid="missing-scopes">
          Not granted: {summary.missingScopes.join(", ")}
        </span>
      ) : null}
      {summary.canReconnect ? (
        <form action={reconnect}>
          <input type="hidden" name="callbackUrl" value="/" />
          <button type="submit" className="rounded-full bg-amber-100 px-2.5 py-1 font-medium text-amber-900 hover:bg-amber-200">
            Reconnect HubSpot
          </button>
        </form>
      ) : null}
    </div>
  );
}
