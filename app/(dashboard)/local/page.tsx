import type { Metadata } from "next";
import { Suspense } from "react";
import { LocalRecords } from "@/components/tables/local-records";
import { PageHeader } from "@/components/ui/card";
import { auth } from "@/lib/server/auth";
import { getRecordLinkTarget } from "@/lib/server/services/record-links";

export const metadata: Metadata = { title: "Local records" };

export default async function LocalRecordsPage() {
  const session = await auth();
  const recordLinks = await getRecordLinkTarget(session?.user?.hubId);
  return (
    <>
      <PageHeader
        title="Local records"
        description="This app's reference to every object it created in HubSpot. Page numbers show totals; keyset paging stays fast at any depth."
      />
      <Suspense>
        <LocalRecords recordLinks={recordLinks} />
      </Suspense>
    </>
  );
}
