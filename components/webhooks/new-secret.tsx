"use client";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { WebhookEndpointCreated } from "@/lib/schemas/webhook";

/** The new endpoint's signing secret, shown this once. */
export function NewSecret({ created, onDone }: { created: WebhookEndpointCreated; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="warning" title="Endpoint added: copy its signing secret now">
      <p>This is the only time it is shown. The receiver checks each delivery&apos;s Webhook-Signature with it.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900" data-testid="new-webhook-secret">
          {created.secret}
        </code>
        <Button
          size="sm"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(created.secret).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      <p className="mt-2 break-all text-xs">For {created.url}</p>
    </Alert>
  );
}
