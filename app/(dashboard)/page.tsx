import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { auth } from "@/lib/server/auth";
import { getConnectionSummary } from "@/lib/server/services/connection-summary";

const LINKS = [
  { href: "/register", title: "Register a contact", text: "A contact with any number of deals and tickets, straight into HubSpot." },
  { href: "/registrations", title: "Registrations", text: "Each registration's sync state: pending, synced with its ids, or failed with the reason; retry failed ones." },
  { href: "/hubspot", title: "HubSpot objects", text: "Contacts, deals and tickets as HubSpot has them, page by page." },
  { href: "/local", title: "Local records", text: "What this app created, with totals; keyset paging for large sets." },
  { href: "/api-keys", title: "API keys", text: "Keys for other systems calling the REST API." },
  { href: "/docs", title: "API docs", text: "Every operation, with its schemas; try them from the browser." },
];

export default async function OverviewPage() {
  const session = await auth();
  const summary = await getConnectionSummary(session?.user?.hubId);
  return (
    <>
      <PageHeader title="Overview" description={`${summary.target}: ${summary.state}.`} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} className="group">
            <Card className="h-full transition-shadow group-hover:shadow-md">
              <h2 className="font-semibold text-slate-900 group-hover:text-brand-700">{l.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{l.text}</p>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
