"use client";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, describeApiError } from "@/lib/client/api-error";
import { lazyZodResolver } from "@/lib/client/lazy-resolver";
import { loadSchemas } from "@/lib/client/load-schemas";
import { useCreateWebhookEndpoint } from "@/lib/client/use-webhooks";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/schemas/constants";
import type { WebhookEndpointCreated, WebhookEndpointCreateInput } from "@/lib/schemas/webhook";

export const EVENT_LABELS: Record<WebhookEventType, string> = {
  "registration.synced": "registration.synced: everything is in HubSpot",
  "registration.needs_attention": "registration.needs_attention: stopped until staff act",
};

/** The API's schema for a new endpoint, loaded with the others after the page (see lazyZodResolver). */
const resolver = lazyZodResolver<WebhookEndpointCreateInput, WebhookEndpointCreateInput>((s) => s.webhookEndpointCreateSchema);
const FIELDS = ["url", "events"] as const;

/** URL and events; the server's refusals (a private address…) show under the field they name. */
export function EndpointForm({ onCreated }: { onCreated: (created: WebhookEndpointCreated) => void }) {
  const create = useCreateWebhookEndpoint();
  const form = useForm<WebhookEndpointCreateInput>({ resolver, defaultValues: { url: "", events: [...WEBHOOK_EVENT_TYPES] } });
  const { errors } = form.formState;
  useEffect(() => {
    loadSchemas().catch(() => undefined);
  }, []);
  const onSubmit = form.handleSubmit(async (input) => {
    try {
      const created = await create.mutateAsync(input);
      form.reset({ url: "", events: [...WEBHOOK_EVENT_TYPES] });
      onCreated(created);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 400) return;
      for (const d of e.details) {
        const field = FIELDS.find((f) => d.field === f || d.field.startsWith(`${f}[`));
        if (field) form.setError(field, { type: "server", message: d.message });
      }
    }
  });
  const serverFieldError = create.error instanceof ApiError && create.error.status === 400 && create.error.details.some((d) => FIELDS.some((f) => d.field.startsWith(f)));
  const eventsError = errors.events?.message ?? errors.events?.root?.message ?? (Array.isArray(errors.events) ? errors.events.find(Boolean)?.message : undefined);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <Field id="webhook-url" label="URL" required error={errors.url?.message ?? errors.root?.message} hint="https://, reachable on the public internet.">
        {(p) => <input {...p} {...form.register("url")} type="url" inputMode="url" placeholder="https://hooks.example.com/hubspot-sync" autoComplete="off" />}
      </Field>
      <fieldset className="flex flex-col gap-1 text-sm" aria-describedby={eventsError ? "webhook-events-error" : undefined}>
        <legend className="mb-1 font-medium text-slate-700">Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="inline-flex items-start gap-2 break-words">
            <input type="checkbox" className="mt-1" value={type} {...form.register("events")} />
            <span className="min-w-0">{EVENT_LABELS[type]}</span>
          </label>
        ))}
        {eventsError ? (
          <span id="webhook-events-error" className="text-xs font-medium text-red-700" data-field-error>
            Events: {eventsError}
          </span>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? <Spinner /> : null}
        Add endpoint
      </Button>
      {create.isError && !serverFieldError ? <Alert tone="error">{describeApiError(create.error)}</Alert> : null}
    </form>
  );
}
