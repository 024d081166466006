import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  importAcceptedSchema,
  importCreateQuerySchema,
  importIdParamsSchema,
  importRowsPageSchema,
  importRowsQuerySchema,
  importStartSchema,
  importStatusSchema,
} from "@/lib/schemas/import";
import { error, json } from "./responses";

/** The bulk-import endpoints (docs/imports.md), merged into the API document. */

const COMMON = { "401": error("No staff session and no valid `Authorization: Bearer <API key>`."), "404": error("No such import (or not this API key's).") };

export const importsPaths: ZodOpenApiPathsObject = {
  "/api/imports": {
    post: {
      operationId: "createImport",
      tags: ["Imports"],
      summary: "Import a CSV of registrations: every row validated before anything is sent, then synced in the background",
      description:
        "A multipart body with the file in a field named `file` (options as fields before it, or in the query), or the file as the " +
        "body with `Content-Type: text/csv`. Up to 100,000 rows and 50 MB, read as a stream. The header names the columns; headers " +
        "that are field names map by themselves (`email`, `firstname`, `lastname`, `phone`; `dealname`, `amount`, `dealstage`, `pipeline`, " +
        "`closedate`; `subject`, `description`, `category`, `hs_ticket_priority`, `hs_pipeline`, `hs_pipeline_stage`); `mapping` changes any. " +
        "`,`, `;` and tab separators are detected; a BOM is dropped. Each row is one registration (one contact, one deal and one ticket when " +
        "their columns have values) whose Idempotency-Key is the file's and mapping's fingerprint and the row's line: the same file uploaded " +
        "again creates nothing twice. Needs the `register` scope.",
      requestParams: { query: importCreateQuerySchema },
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), mapping: z.string().optional(), skip_invalid: z.string().optional(), validate_only: z.string().optional() }) },
          "text/csv": { schema: z.string() },
        },
      },
      responses: {
        "202": { description: "Validated and started (or only validated with `validate_only`); follow `status_url`.", ...json(importAcceptedSchema) },
        "400": error("The file is not CSV or not UTF-8, the mapping is wrong, or rows are invalid (the first are named by line and field; nothing was sent)."),
        "403": error("The API key lacks the `register` scope."),
        "413": error("More than 100,000 rows or 50 MB."),
        "415": error("Neither multipart/form-data nor text/csv."),
        "401": COMMON["401"],
      },
    },
  },
  "/api/imports/{importId}": {
    get: {
      operationId: "getImport",
      tags: ["Imports"],
      summary: "An import's progress: synced, pending, needs attention, failed, rows per second, time left",
      requestParams: { path: importIdParamsSchema },
      responses: { "200": { description: "Its state.", ...json(importStatusSchema) }, ...COMMON },
    },
  },
  "/api/imports/{importId}/start": {
    post: {
      operationId: "startImport",
      tags: ["Imports"],
      summary: "Send a validated import (`skip_invalid` leaves its invalid rows out)",
      requestParams: { path: importIdParamsSchema },
      requestBody: { required: true, ...json(importStartSchema) },
      responses: {
        "202": { description: "Started; safe to call again.", ...json(importAcceptedSchema) },
        "400": error("Some rows are invalid and `skip_invalid` is not true."),
        "409": error("Still being validated."),
        ...COMMON,
      },
    },
  },
  "/api/imports/{importId}/rows": {
    get: {
      operationId: "listImportRows",
      tags: ["Imports"],
      summary: "The import's rows in line order, by state, with their HubSpot ids or why not",
      requestParams: { path: importIdParamsSchema, query: importRowsQuerySchema },
      responses: { "200": { description: "A page; `next_after_line` is null on the last one.", ...json(importRowsPageSchema) }, ...COMMON },
    },
  },
  "/api/imports/{importId}/results.csv": {
    get: {
      operationId: "getImportResults",
      tags: ["Imports"],
      summary: "Every row with its state, HubSpot ids or error, as CSV (streamed)",
      requestParams: { path: importIdParamsSchema },
      responses: { "200": { description: "line, state, email, contact_id, deal_ids, ticket_ids, error.", content: { "text/csv": { schema: z.string() } } }, ...COMMON },
    },
  },
};
