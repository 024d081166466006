import type { OperationsOverview } from "@/lib/schemas/operations";
import { Card } from "@/components/ui/card";

const STATUS: Record<string, string> = {
  connected: "Connected (OAuth)",
  needs_reconnect: "Needs reconnect",
  not_connected: "Not connected",
  static_token: "Static token (private app or sandbox)",
};
const MODE: Record<string, string> = { sandbox: "Sandbox", private_app: "Private app", oauth: "OAuth app" };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "–");

/** The HubSpot connection: never a token, only what staff need to judge it. */
export function ConnectionCard({ c }: { c: OperationsOverview["connection"] }) {
  const rows: [string, string][] = [
    ["Portal", c.portalId ?? "–"],
    ["Mode", MODE[c.mode] ?? c.mode],
    ["Status", STATUS[c.status] ?? c.status],
    ["API version", c.apiVersion ?? "–"],
    ["Scopes", c.scopes.length ? c.scopes.join(", ") : "–"],
    ["Token expires", when(c.tokenExpiresAt)],
    ["Last refresh", c.lastRefreshAt ? `${when(c.lastRefreshAt)} (${c.refreshCount} in all)` : "–"],
  ];
  return (
    <Card title="HubSpot connection">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-500">{k}</dt>
            <dd className="break-words text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
