import { z } from "zod";

/** Objects that have pipelines in HubSpot and in this app's forms. */
export const PIPELINE_OBJECT_TYPES = ["deals", "tickets"] as const;
export type PipelineObjectType = (typeof PIPELINE_OBJECT_TYPES)[number];

/** GET /api/crm/pipelines */
export const pipelinesQuerySchema = z.strictObject({
  type: z
    .enum(PIPELINE_OBJECT_TYPES, { error: `must be one of ${PIPELINE_OBJECT_TYPES.join(", ")}` })
    .default("deals")
    .meta({ description: "Whose pipelines: deals or tickets." }),
});

export const pipelineStageSchema = z.object({
  id: z.string().meta({ example: "appointmentscheduled" }),
  label: z.string().meta({ example: "Appointment Scheduled" }),
});

export const pipelineSchema = z
  .object({
    id: z.string().meta({ example: "default" }),
    label: z.string().meta({ example: "Sales Pipeline" }),
    stages: z.array(pipelineStageSchema).meta({ description: "In HubSpot's display order." }),
  })
  .meta({ id: "Pipeline" });
export type Pipeline = z.infer<typeof pipelineSchema>;

export const pipelinesResponseSchema = z
  .object({ type: z.enum(PIPELINE_OBJECT_TYPES), results: z.array(pipelineSchema) })
  .meta({ id: "PipelineList", description: "The portal's pipelines in display order; the first is the default." });
export type PipelinesResponse = z.infer<typeof pipelinesResponseSchema>;
