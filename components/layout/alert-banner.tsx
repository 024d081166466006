import Link from "next/link";
import type { Alert } from "@/lib/schemas/operations";

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
            {a.rule === "needs_attention" ? (
              <>
                {" "}
                <Link className="underline" href="/registrations?status=needs_attention">
                  Show them
                </Link>
              </>
            ) : null}
            {a.rule === "webhook_failing" ? (
              <>
                {" "}
                <Link className="underline" href="/webhooks">
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
