import type { Metadata } from "next";
import { Suspense } from "react";
import { Registrations } from "@/components/registrations/registrations";
import { PageHeader } from "@/components/ui/card";
import { auth } from "@/lib/server/auth";
import { getRecordLinkTarget } from "@/lib/server/services/record-links";

export const metadata: Metadata = { title: "Registrations" };

export default async function RegistrationsPage() {
  const session = await auth();
  const recordLinks = await getRecordLinkTarget(session?.user?.hubId);
  return (
    <>
      <PageHeader
        title="Registrations"
        description="Every registration this app stored, newest first: pending ones refresh themselves, synced ones link to HubSpot, failed ones say why and can be retried."
      />
      <Suspense>
        <Registrations recordLinks={recordLinks} />
      </Suspense>
    </>
  );
}
