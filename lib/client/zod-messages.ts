import type { z } from "zod";

/**
 * A per-parse zod error map giving the form the API's wording: the API reports a missing field as
 * "is required" (lib/schemas/error.ts, fieldIssuesFrom); everything else keeps the schema's message.
 */
export const apiErrorMessages: z.core.$ZodErrorMap = (issue) =>
  issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined;
