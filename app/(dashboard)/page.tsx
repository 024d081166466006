import { PageHeader } from "@/components/ui/card";
import { OperationsPage } from "@/components/operations/operations-page";
import { getOperationsOverview } from "@/lib/server/ops/overview";

export const dynamic = "force-dynamic";

/** The dashboard's home: is HubSpot taking our writes, how much budget is used, is anything stuck. */
export default async function OperationsHome() {
  const initial = await getOperationsOverview();
  return (
    <>
      <PageHeader title="Operations" description="The sync at a glance: the last hour, from the deployment's rollups in PostgreSQL." />
      <OperationsPage initial={initial} />
    </>
  );
}
