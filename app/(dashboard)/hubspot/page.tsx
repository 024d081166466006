import type { Metadata } from "next";
import { Suspense } from "react";
import { HubSpotObjects } from "@/components/tables/hubspot-objects";
import { PageHeader } from "@/components/ui/card";
import { auth } from "@/lib/server/auth";
import { getRecordLinkTarget } from "@/lib/server/services/record-links";

export const metadata: Metadata = { title: "HubSpot objects" };

export default async function HubSpotObjectsPage() {
  const session = await auth();
  const recordLinks = await getRecordLinkTarget(session?.user?.hubId);
  return (
    <>
      <PageHeader title="HubSpot objects" description="From the local mirror, kept in step by HubSpot's webhooks and a catch-up (search and sort any column), or live from HubSpot, one call per page." />
      <Suspense>
        <HubSpotObjects recordLinks={recordLinks} />
      </Suspense>
    </>
  );
}
