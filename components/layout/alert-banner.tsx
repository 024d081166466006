import Link from "next/link";
import type { Alert } from "@/lib/schemas/operations";

/** Where staff see what an alert is about. */
const SHOW_THEM: Record<string, string> = {
  needs_attention: "/registrations?status=needs_attention",
  webhook_failing: "/webhooks",
};

/** Alerts firing now, above every dashboard page (the worker evaluates them; docs/operations.md). */
export function AlertBanner({ alerts }: { alerts: Alert[] }) {
  if (!alerts.length) return null;
  return (
    <section aria-label="Alerts" className="border-b border-red-200 bg-red-50" data-testid="alert-banner">
      <ul className="mx-auto max-w-6xl space-y-1 px-4 py-2 text-sm text-red-900">
        {alerts.map((a) => (
          <li key={a.rule}>
            <span className="font-semibold">{a.title}:</span> {a.message}{" "}
            <span className="text-red-700">Since {a.startedAt.slice(11, 16)} UTC.</span>
            {SHOW_THEM[a.rule] ? (
              <>
                {" "}
                <Link className="underline" href={SHOW_THEM[a.rule]}>
                  Show them
                </Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
