import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/card";
import { WebhooksManager } from "@/components/webhooks/webhooks-manager";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Webhooks"
        description={
          <>
            Other systems are told when a registration is synced or needs attention, instead of polling. How to check the signature:{" "}
            <code className="font-mono">docs/webhooks.md</code>.
          </>
        }
      />
      <Suspense>
        <WebhooksManager />
      </Suspense>
    </div>
  );
}
