import type { Metadata } from "next";
import { Suspense } from "react";
import { ImportPage } from "@/components/imports/import-page";
import { PageHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Import" };

export default function ImportsPage() {
  return (
    <>
      <PageHeader
        title="Import"
        description="A spreadsheet of contacts, with a deal and a ticket per row if you like: every row is checked before anything is sent, then synced in the background at HubSpot's rate limit, each row exactly once."
      />
      <Suspense>
        <ImportPage />
      </Suspense>
    </>
  );
}
