"use client";
import { useFormContext, useWatch, type FieldPath } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { usePipelines } from "@/lib/client/use-form-options";
import { fieldError, type RegistrationFormValues } from "./form-values";
import { useField } from "./use-field";
import { SelectOptions } from "./select-options";

type Name = FieldPath<RegistrationFormValues>;

/**
 * The pipeline select and the stage select of one deal or ticket: stages come from the chosen
 * pipeline (or the first), and choosing another pipeline clears the stage.
 */
export function PipelineStageFields({
  type,
  pipelineName,
  stageName,
  idPrefix,
  stageLabel,
}: {
  type: "deals" | "tickets";
  pipelineName: Name;
  stageName: Name;
  idPrefix: string;
  stageLabel: string;
}) {
  const { setValue, control, formState } = useFormContext<RegistrationFormValues>();
  const register = useField();
  const pipelines = usePipelines(type);
  const pipelineId = useWatch({ control, name: pipelineName });
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? pipelines.data?.[0];
  const leaf = (n: Name) => n.slice(n.lastIndexOf(".") + 1);

  return (
    <>
      <Field id={`${idPrefix}-${leaf(pipelineName)}`} label="Pipeline" error={fieldError(formState.errors, pipelineName)}>
        {(p) => (
          <select {...p} {...register(pipelineName, { onChange: () => setValue(stageName, "") })}>
            <SelectOptions query={pipelines} placeholder="Default pipeline" toOption={(o) => ({ value: o.id, label: o.label })} />
          </select>
        )}
      </Field>
      <Field id={`${idPrefix}-${leaf(stageName)}`} label={stageLabel} error={fieldError(formState.errors, stageName)}>
        {(p) => (
          <select {...p} {...register(stageName)}>
            <SelectOptions
              query={{ ...pipelines, data: pipeline?.stages }}
              placeholder="First stage of the pipeline"
              toOption={(s) => ({ value: s.id, label: s.label })}
            />
          </select>
        )}
      </Field>
    </>
  );
}
