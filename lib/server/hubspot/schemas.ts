import "server-only";
import { z } from "zod";
import { pipelineSchema, pipelineStageSchema } from "@/lib/schemas/pipeline";
import { propertyOptionSchema } from "@/lib/schemas/property";

/** HubSpot response shapes this app reads, parsed at the client boundary. */
export const simpleObjectSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()).default({}),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
  new: z.boolean().optional(),
});
export type SimpleObject = z.infer<typeof simpleObjectSchema>;

export const standardErrorSchema = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  /** Details; 2026-09 write validation puts `code` and `context.propertyName` here. */
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional(), context: z.record(z.string(), z.unknown()).optional() })).optional(),
});

/** The first property a per-item error names (its `context.propertyName` or a detail's). */
export function propertyNameOf(err: z.infer<typeof standardErrorSchema>): string | undefined {
  const fromDetail = err.errors?.map((d) => d.context?.propertyName).find((v) => Array.isArray(v) && typeof v[0] === "string") as string[] | undefined;
  return err.context?.propertyName?.[0] ?? fromDetail?.[0];
}

export const batchResponseSchema = z.object({
  status: z.string().optional(),
  results: z.array(simpleObjectSchema).default([]),
  numErrors: z.number().optional(),
  errors: z.array(standardErrorSchema).default([]),
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;

export const listResponseSchema = z.object({
  results: z.array(simpleObjectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** HubSpot's pipeline: the API's Pipeline (lib/schemas/pipeline.ts) with HubSpot's display order. */
export const hubSpotPipelineSchema = pipelineSchema.extend({
  displayOrder: z.number().optional(),
  stages: z.array(pipelineStageSchema.extend({ displayOrder: z.number().optional() })),
});
export type HubSpotPipeline = z.infer<typeof hubSpotPipelineSchema>;
export const hubSpotPipelinesResponseSchema = z.object({ results: z.array(hubSpotPipelineSchema) });

export const propertySchema = z.object({
  name: z.string(),
  label: z.string().optional(),
  type: z.string().optional(),
  hasUniqueValue: z.boolean().optional(),
  options: z.array(propertyOptionSchema).optional(),
});
export type Property = z.infer<typeof propertySchema>;

/** One record with the ids of its associated records (`?associations=…`), for the record view. */
export const recordWithAssociationsSchema = simpleObjectSchema.extend({
  associations: z.record(z.string(), z.object({ results: z.array(z.object({ id: z.string() })) })).optional(),
});

export const anySchema = z.unknown();
