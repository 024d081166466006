import "server-only";
import { z } from "zod";

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

export const pipelineSchema = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number().optional(),
  stages: z.array(z.object({ id: z.string(), label: z.string(), displayOrder: z.number().optional() })),
});
export type Pipeline = z.infer<typeof pipelineSchema>;
export const pipelinesResponseSchema = z.object({ results: z.array(pipelineSchema) });

export const propertySchema = z.object({
  name: z.string(),
  label: z.string().optional(),
  type: z.string().optional(),
  hasUniqueValue: z.boolean().optional(),
  options: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
});
export type Property = z.infer<typeof propertySchema>;

export const anySchema = z.unknown();
