"use client";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { DataTable } from "@/components/tables/data-table";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { ShownOnce } from "@/components/ui/shown-once";
import { Spinner } from "@/components/ui/spinner";
import { describeApiError } from "@/lib/client/api-error";
import { formatDateTime } from "@/lib/client/format-date";
import { lazyZodResolver } from "@/lib/client/lazy-resolver";
import { loadSchemas } from "@/lib/client/load-schemas";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "@/lib/client/use-api-keys";
import type { ApiKey, ApiKeyCreated, ApiKeyCreateInput, ApiKeyScope } from "@/lib/schemas/api-key";

/** What each scope lets a key do, as staff choose it. */
const SCOPE_LABELS: Record<ApiKeyScope, string> = {
  register: "register: submit registrations, see its own",
  read: "read: every registration, local records, HubSpot objects, health details",
  metrics: "metrics: GET /api/metrics, for a monitoring system",
  webhooks: "webhooks: manage webhook endpoints, read their deliveries",
};

/** The API's schema for a new key, loaded with the others after the page (see lazyZodResolver). */
const resolver = lazyZodResolver<ApiKeyCreateInput, ApiKeyCreateInput>((s) => s.apiKeyCreateSchema);

const when = (iso: string | null) => (iso ? formatDateTime(iso) : "never");

function NewKey({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  return (
    <ShownOnce
      title={`Key “${created.name}” created: copy it now`}
      note="This is the only time it is shown. Only a hash of it is stored."
      value={created.key}
      testId="new-api-key"
      footer={
        <>
          Use it as <code className="font-mono">Authorization: Bearer {created.prefix}…</code>
        </>
      }
      onDone={onDone}
    />
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  return <ConfirmButton label="Revoke" ariaLabel={`Revoke ${apiKey.name}`} busy={revoke.isPending} onConfirm={() => revoke.mutate(apiKey.id)} />;
}

/** Create (shown once), list and revoke API keys. */
export function ApiKeysManager() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const form = useForm<ApiKeyCreateInput>({ resolver, defaultValues: { name: "", scopes: ["register", "read"] } });
  useEffect(() => {
    loadSchemas().catch(() => undefined);
  }, []);
  const onSubmit = form.handleSubmit(async (input) => {
    await create.mutateAsync(input).then(() => form.reset(), () => undefined);
  });

  return (
    <div className="space-y-5">
      <Card title="Create a key" description="One key per system that calls the API, so each can be revoked alone.">
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <Field
            id="api-key-name"
            label="Name"
            required
            error={form.formState.errors.name?.message ?? form.formState.errors.root?.message}
            className="sm:flex-1"
          >
            {(p) => <input {...p} {...form.register("name")} placeholder="e.g. Billing system" autoComplete="off" />}
          </Field>
          <fieldset className="flex flex-col gap-1 text-sm">
            <legend className="mb-1 font-medium">Scopes</legend>
            {(Object.keys(SCOPE_LABELS) as ApiKeyScope[]).map((scope) => (
              <label key={scope} className="inline-flex items-center gap-2">
                <input type="checkbox" value={scope} {...form.register("scopes")} />
                {SCOPE_LABELS[scope]}
              </label>
            ))}
            {form.formState.errors.scopes?.message ? (
              <span className="text-xs text-red-700">Scopes {form.formState.errors.scopes.message}</span>
            ) : null}
          </fieldset>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? <Spinner /> : null}
            Create key
          </Button>
        </form>
        {create.isError ? (
          <div className="mt-3">
            <Alert tone="error">{describeApiError(create.error)}</Alert>
          </div>
        ) : null}
        {create.data ? (
          <div className="mt-3">
            <NewKey created={create.data} onDone={() => create.reset()} />
          </div>
        ) : null}
      </Card>
      <DataTable
        caption="API keys"
        columns={[
          { key: "name", header: "Name", cell: (k) => <span className="font-medium">{k.name}</span> },
          { key: "prefix", header: "Key", cell: (k) => <code className="font-mono text-xs">{k.prefix}…</code> },
          { key: "scopes", header: "Scopes", cell: (k) => k.scopes.join(", ") },
          { key: "created", header: "Created", cell: (k) => when(k.created_at), className: "whitespace-nowrap" },
          { key: "by", header: "By", cell: (k) => k.created_by ?? "—" },
          { key: "used", header: "Last used", cell: (k) => when(k.last_used_at), className: "whitespace-nowrap" },
          { key: "actions", header: "", cell: (k) => <RevokeButton apiKey={k} />, className: "text-right" },
        ]}
        rows={keys.data}
        rowKey={(k) => k.id}
        isLoading={keys.isPending}
        isFetching={keys.isFetching}
        error={keys.isError ? describeApiError(keys.error) : null}
        onRetry={() => keys.refetch()}
        skeletonRows={3}
        empty="No API keys yet. Keys from the API_KEYS variable work too and are not listed."
      />
    </div>
  );
}
