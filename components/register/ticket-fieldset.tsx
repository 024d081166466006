"use client";
import { useFormContext } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { usePropertyOptions } from "@/lib/client/use-form-options";
import { fieldError, type RegistrationFormValues } from "./form-values";
import { ItemFieldset } from "./item-fieldset";
import { PipelineStageFields } from "./pipeline-stage-fields";
import { useField } from "./use-field";
import { SelectOptions } from "./select-options";

/** One ticket of the registration: removable in place. */
export function TicketFieldset({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { formState } = useFormContext<RegistrationFormValues>();
  const register = useField();
  const categories = usePropertyOptions("tickets", "hs_ticket_category");
  const priorities = usePropertyOptions("tickets", "hs_ticket_priority");
  const name = <K extends string>(k: K) => `tickets.${index}.${k}` as const;
  const error = (k: string) => fieldError(formState.errors, `tickets.${index}.${k}`);
  const id = (k: string) => `ticket-${index}-${k}`;
  const option = (o: { value: string; label: string }) => o;

  return (
    <ItemFieldset kind="ticket" index={index} onRemove={onRemove}>
      <Field id={id("subject")} label="Subject" required error={error("subject")} className="sm:col-span-2">
        {(p) => <input {...p} {...register(name("subject"))} autoComplete="off" />}
      </Field>
      <Field id={id("description")} label="Description" error={error("description")} className="sm:col-span-2">
        {(p) => <textarea {...p} {...register(name("description"))} rows={2} />}
      </Field>
      <Field id={id("hs_ticket_category")} label="Category" error={error("hs_ticket_category")}>
        {(p) => (
          <select {...p} {...register(name("hs_ticket_category"))}>
            <SelectOptions query={categories} placeholder="No category" toOption={option} />
          </select>
        )}
      </Field>
      <Field id={id("hs_ticket_priority")} label="Priority" error={error("hs_ticket_priority")}>
        {(p) => (
          <select {...p} {...register(name("hs_ticket_priority"))}>
            <SelectOptions query={priorities} placeholder="No priority" toOption={option} />
          </select>
        )}
      </Field>
      <PipelineStageFields
        type="tickets"
        pipelineName={name("hs_pipeline")}
        stageName={name("hs_pipeline_stage")}
        idPrefix={`ticket-${index}`}
        stageLabel="Stage"
      />
    </ItemFieldset>
  );
}
