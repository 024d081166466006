"use client";
import { useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { usePipelines } from "@/lib/client/use-form-options";
import { fieldError, type RegistrationFormValues } from "./form-values";
import { useField } from "./use-field";
import { SelectOptions } from "./select-options";

/** One deal of the registration: removable in place. */
export function DealFieldset({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { setValue, control, formState } = useFormContext<RegistrationFormValues>();
  const register = useField();
  const pipelines = usePipelines("deals");
  const name = <K extends string>(k: K) => `deals.${index}.${k}` as const;
  const error = (k: string) => fieldError(formState.errors, `deals.${index}.${k}`);
  const pipelineId = useWatch({ control, name: `deals.${index}.pipeline` });
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? pipelines.data?.[0];
  const id = (k: string) => `deal-${index}-${k}`;

  return (
    <fieldset className="rounded-md border border-slate-200 p-3 sm:p-4" data-testid={`deal-${index}`}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <legend className="text-sm font-semibold text-slate-800">Deal {index + 1}</legend>
        <Button variant="ghost" size="sm" onClick={onRemove} aria-label={`Remove deal ${index + 1}`}>
          Remove
        </Button>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={id("dealname")} label="Deal name" required error={error("dealname")} className="sm:col-span-2">
          {(p) => <input {...p} {...register(name("dealname"))} autoComplete="off" />}
        </Field>
        <Field id={id("amount")} label="Amount" error={error("amount")} hint="A number, e.g. 1200 or 99.50">
          {(p) => <input {...p} {...register(name("amount"))} inputMode="decimal" autoComplete="off" />}
        </Field>
        <Field id={id("closedate")} label="Close date" error={error("closedate")}>
          {(p) => <input {...p} {...register(name("closedate"))} type="date" />}
        </Field>
        <Field id={id("pipeline")} label="Pipeline" error={error("pipeline")}>
          {(p) => (
            <select {...p} {...register(name("pipeline"), { onChange: () => setValue(name("dealstage"), "") })}>
              <SelectOptions query={pipelines} placeholder="Default pipeline" toOption={(o) => ({ value: o.id, label: o.label })} />
            </select>
          )}
        </Field>
        <Field id={id("dealstage")} label="Deal stage" error={error("dealstage")}>
          {(p) => (
            <select {...p} {...register(name("dealstage"))}>
              <SelectOptions
                query={{ ...pipelines, data: pipeline?.stages }}
                placeholder="First stage of the pipeline"
                toOption={(s) => ({ value: s.id, label: s.label })}
              />
            </select>
          )}
        </Field>
      </div>
    </fieldset>
  );
}
