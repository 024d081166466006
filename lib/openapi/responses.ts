import type { z } from "zod";
import { errorResponseSchema } from "@/lib/schemas/error";

/** A JSON body of this schema, for requests and responses. */
export const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

/** An error answer: the one error body, with what it means here. */
export const error = (description: string) => ({ description, ...json(errorResponseSchema) });

/** The answers every authenticated route may give. */
export const COMMON_ERRORS = {
  "401": error("No staff session and no valid `Authorization: Bearer <API key>`."),
  "500": error("Unexpected failure; logged with the request id."),
};
