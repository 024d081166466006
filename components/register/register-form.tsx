"use client";
import { useEffect } from "react";
import { FormProvider, useFieldArray, useForm, type Resolver } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, describeApiError } from "@/lib/client/api-error";
import { splitFieldIssues } from "@/lib/client/field-paths";
import { lazyZodResolver } from "@/lib/client/lazy-resolver";
import { loadSchemas } from "@/lib/client/load-schemas";
import { useRegister } from "@/lib/client/use-register";
import { apiErrorMessages } from "@/lib/client/zod-messages";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import type { RegistrationInput } from "@/lib/schemas/registration";
import { DealFieldset } from "./deal-fieldset";
import {
  emptyContact,
  emptyDeal,
  emptyTicket,
  fieldError,
  formFieldFor,
  withoutEmptyStrings,
  type RegistrationFormValues,
} from "./form-values";
import { RegistrationResult } from "./registration-result";
import { TicketFieldset } from "./ticket-fieldset";
import { useField } from "./use-field";

/**
 * The API's own schema validates the form, with the API's wording for a missing field; empty
 * inputs are dropped first (they mean "not given"). The schema (and zod) loads after the page, as
 * the form mounts: it is not part of the page's first-load JavaScript.
 */
const schemaResolver = lazyZodResolver<RegistrationFormValues, RegistrationInput>((s) => s.registrationSchema, { error: apiErrorMessages });
const resolver: Resolver<RegistrationFormValues, unknown, RegistrationInput> = (values, context, options) =>
  schemaResolver(withoutEmptyStrings(values), context, options);

const CONTACT_FIELDS = [
  { key: "email", label: "Email", type: "email", autoComplete: "email", required: true },
  { key: "firstname", label: "First name", type: "text", autoComplete: "given-name" },
  { key: "lastname", label: "Last name", type: "text", autoComplete: "family-name" },
  { key: "phone", label: "Phone", type: "tel", autoComplete: "tel" },
] as const;

/** Inside the FormProvider, so it can use the form's re-validating register. */
function ContactInput({ p, name, type, autoComplete }: {
  p: object;
  name: `contact.${(typeof CONTACT_FIELDS)[number]["key"]}`;
  type: string;
  autoComplete: string;
}) {
  const register = useField();
  return <input {...p} {...register(name)} type={type} autoComplete={autoComplete} />;
}

export function RegisterForm({ recordLinks }: { recordLinks: RecordLinkTarget }) {
  const form = useForm<RegistrationFormValues, unknown, RegistrationInput>({
    resolver,
    mode: "onBlur",
    defaultValues: { contact: emptyContact, deals: [], tickets: [] },
  });
  const { handleSubmit, setError, setFocus, formState, control, reset } = form;
  const deals = useFieldArray({ control, name: "deals" });
  const tickets = useFieldArray({ control, name: "tickets" });
  const submit = useRegister();
  useEffect(() => {
    loadSchemas().catch(() => undefined);
  }, []);
  const general =
    submit.error instanceof ApiError && submit.error.status === 400
      ? splitFieldIssues(submit.error.details, (p) => formFieldFor(p) !== undefined).general
      : [];

  const onSubmit = handleSubmit(async (input) => {
    try {
      await submit.mutateAsync(input);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 400) return;
      const { onFields } = splitFieldIssues(e.details, (p) => formFieldFor(p) !== undefined);
      onFields.forEach(({ path, message }) => setError(formFieldFor(path) as never, { type: "server", message }));
      if (onFields[0]) setFocus(formFieldFor(onFields[0].path) as never);
    }
  });

  if (submit.isSuccess) {
    return (
      <RegistrationResult
        result={submit.data}
        recordLinks={recordLinks}
        onRegisterAnother={() => {
          submit.reset();
          reset({ contact: emptyContact, deals: [], tickets: [] });
        }}
      />
    );
  }

  const busy = formState.isSubmitting || submit.isPending;
  const counts = `${deals.fields.length} deal${deals.fields.length === 1 ? "" : "s"}, ${tickets.fields.length} ticket${tickets.fields.length === 1 ? "" : "s"}`;
  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate aria-busy={busy} className="space-y-6">
        <fieldset disabled={busy} className="space-y-6">
          <section aria-labelledby="contact-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
            <h2 id="contact-heading" className="mb-3 text-base font-semibold">Contact</h2>
            <div className="grid gap-3 sm:grid-cols-2">
              {CONTACT_FIELDS.map((f) => (
                <Field
                  key={f.key}
                  id={`contact-${f.key}`}
                  label={f.label}
                  required={"required" in f}
                  error={fieldError(formState.errors, `contact.${f.key}`)}
                >
                  {(p) => <ContactInput p={p} name={`contact.${f.key}`} type={f.type} autoComplete={f.autoComplete} />}
                </Field>
              ))}
            </div>
          </section>

          <section aria-labelledby="deals-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
            <div className="mb-3 flex items-center justify-between gap-2">
              <h2 id="deals-heading" className="text-base font-semibold">Deals</h2>
              <Button variant="secondary" size="sm" onClick={() => deals.append(emptyDeal(), { focusName: `deals.${deals.fields.length}.dealname` })}>
                Add deal
              </Button>
            </div>
            {deals.fields.length === 0 ? <p className="text-sm text-slate-500">No deals. Add as many as you need.</p> : null}
            <div className="space-y-3">
              {deals.fields.map((f, i) => (
                <DealFieldset key={f.id} index={i} onRemove={() => deals.remove(i)} />
              ))}
            </div>
          </section>

          <section aria-labelledby="tickets-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
            <div className="mb-3 flex items-center justify-between gap-2">
              <h2 id="tickets-heading" className="text-base font-semibold">Tickets</h2>
              <Button
                variant="secondary"
                size="sm"
                onClick={() => tickets.append(emptyTicket(), { focusName: `tickets.${tickets.fields.length}.subject` })}
              >
                Add ticket
              </Button>
            </div>
            {tickets.fields.length === 0 ? <p className="text-sm text-slate-500">No tickets. Add as many as you need.</p> : null}
            <div className="space-y-3">
              {tickets.fields.map((f, i) => (
                <TicketFieldset key={f.id} index={i} onRemove={() => tickets.remove(i)} />
              ))}
            </div>
          </section>
        </fieldset>

        {formState.errors.root?.message ? <Alert tone="error">{formState.errors.root.message}</Alert> : null}
        {submit.isError && (!(submit.error instanceof ApiError) || submit.error.status !== 400) ? (
          <Alert tone="error" title="The registration was not saved">
            {describeApiError(submit.error)}
          </Alert>
        ) : null}
        {general.length ? (
          <Alert tone="error" title="HubSpot did not accept the registration">
            <ul className="list-disc pl-5">
              {general.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {submit.isError && submit.error instanceof ApiError && submit.error.status === 400 && !general.length ? (
          <Alert tone="error">Some fields need attention: see the messages under them.</Alert>
        ) : null}

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={busy} className="w-full sm:w-auto">
            {busy ? <Spinner /> : null}
            {busy ? "Registering…" : "Register in HubSpot"}
          </Button>
          <p className="text-sm text-slate-500" aria-live="polite">
            {busy ? `Sending the contact, ${counts} to HubSpot…` : `Contact, ${counts}`}
          </p>
        </div>
      </form>
    </FormProvider>
  );
}
