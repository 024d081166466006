"use client";
import { useFormContext } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { fieldError, type RegistrationFormValues } from "./form-values";
import { ItemFieldset } from "./item-fieldset";
import { PipelineStageFields } from "./pipeline-stage-fields";
import { useField } from "./use-field";

/** One deal of the registration: removable in place. */
export function DealFieldset({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { formState } = useFormContext<RegistrationFormValues>();
  const register = useField();
  const name = <K extends string>(k: K) => `deals.${index}.${k}` as const;
  const error = (k: string) => fieldError(formState.errors, `deals.${index}.${k}`);
  const id = (k: string) => `deal-${index}-${k}`;

  return (
    <ItemFieldset kind="deal" index={index} onRemove={onRemove}>
      <Field id={id("dealname")} label="Deal name" required error={error("dealname")} className="sm:col-span-2">
        {(p) => <input {...p} {...register(name("dealname"))} autoComplete="off" />}
      </Field>
      <Field id={id("amount")} label="Amount" error={error("amount")} hint="A number, e.g. 1200 or 99.50">
        {(p) => <input {...p} {...register(name("amount"))} inputMode="decimal" autoComplete="off" />}
      </Field>
      <Field id={id("closedate")} label="Close date" error={error("closedate")}>
        {(p) => <input {...p} {...register(name("closedate"))} type="date" />}
      </Field>
      <PipelineStageFields
        type="deals"
        pipelineName={name("pipeline")}
        stageName={name("dealstage")}
        idPrefix={`deal-${index}`}
        stageLabel="Deal stage"
      />
    </ItemFieldset>
  );
}
