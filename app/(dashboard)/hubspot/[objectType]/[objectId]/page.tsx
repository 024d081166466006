import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { recordUrl } from "@/lib/client/record-links";
import { CRM_OBJECT_TYPES, type CrmObjectType } from "@/lib/schemas/constants";
import { auth } from "@/lib/server/auth";
import { getCrmRecord } from "@/lib/server/services/crm-record";
import { getRecordLinkTarget } from "@/lib/server/services/record-links";

export const metadata: Metadata = { title: "Record" };

/** A HubSpot record as HubSpot returns it: the sandbox's "record page", and a link to HubSpot's for a live portal. */
export default async function RecordPage({ params }: { params: Promise<{ objectType: string; objectId: string }> }) {
  const { objectType, objectId } = await params;
  if (!CRM_OBJECT_TYPES.includes(objectType as CrmObjectType) || !/^\d{1,20}$/.test(objectId)) notFound();
  const type = objectType as CrmObjectType;
  const record = await getCrmRecord({ type, id: objectId });
  if (!record) notFound();
  const session = await auth();
  const links = await getRecordLinkTarget(session?.user?.hubId);
  const singular = type.replace(/s$/, "");
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={`${singular[0].toUpperCase()}${singular.slice(1)} ${record.id}`} description={`Created ${record.createdAt}`} />
      {links.kind === "hubspot" ? (
        <a className="text-sm font-medium text-brand-700 underline" href={recordUrl(links, type, record.id)} target="_blank" rel="noreferrer">
          Open in HubSpot
        </a>
      ) : null}
      <Card title="Properties">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          {Object.entries(record.properties)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-slate-500">{k}</dt>
                <dd className="break-words">{v ?? "—"}</dd>
              </div>
            ))}
        </dl>
      </Card>
      <Card title="Associations">
        <ul className="space-y-1 text-sm">
          {record.associations.map((a) => (
            <li key={a.type}>
              <span className="capitalize text-slate-600">{a.type}:</span>{" "}
              {a.ids.length
                ? a.ids.map((id, i) => (
                    <span key={id}>
                      {i ? ", " : ""}
                      <Link className="font-mono text-brand-700 underline" href={`/hubspot/${a.type}/${id}`}>
                        {id}
                      </Link>
                    </span>
                  ))
                : "none"}
            </li>
          ))}
        </ul>
      </Card>
      <Link href={`/hubspot?tab=${type}`} className="inline-block text-sm text-slate-600 underline">
        Back to {type}
      </Link>
    </div>
  );
}
