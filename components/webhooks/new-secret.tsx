"use client";
import { ShownOnce } from "@/components/ui/shown-once";
import type { WebhookEndpointCreated } from "@/lib/schemas/webhook";

/** The new endpoint's signing secret, shown this once. */
export function NewSecret({ created, onDone }: { created: WebhookEndpointCreated; onDone: () => void }) {
  return (
    <ShownOnce
      title="Endpoint added: copy its signing secret now"
      note="This is the only time it is shown. The receiver checks each delivery's Webhook-Signature with it."
      value={created.secret}
      testId="new-webhook-secret"
      footer={`For ${created.url}`}
      onDone={onDone}
    />
  );
}
