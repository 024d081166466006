import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { operationsOverviewSchema } from "@/lib/schemas/operations";
import { error, json } from "./responses";

/** The operations endpoints (docs/operations.md), merged into the API document. */


export const operationsPaths: ZodOpenApiPathsObject = {
  "/api/metrics": {
    get: {
      operationId: "getMetrics",
      tags: ["Service"],
      summary: "Prometheus metrics of the whole deployment (text exposition format)",
      description:
        "Counters and gauges from PostgreSQL: the same totals whichever process answers. `Authorization: Bearer <METRICS_TOKEN>`, or an API key with the `metrics` scope.",
      security: [{ bearerAuth: [] }],
      responses: {
        "200": { description: "Prometheus text format 0.0.4.", content: { "text/plain": { schema: z.string() } } },
        "401": error("No bearer token, or neither METRICS_TOKEN nor a valid API key."),
        "403": error("The API key has no `metrics` scope."),
      },
    },
  },
  "/api/operations": {
    get: {
      operationId: "getOperationsOverview",
      tags: ["Service"],
      summary: "The operations page's data: the last hour from the rollups, queue, budgets, connection and alerts",
      security: [{ sessionCookie: [] }],
      responses: {
        "200": { description: "The overview.", ...json(operationsOverviewSchema) },
        "401": error("Not signed in."),
        "403": error("API keys may not read it."),
      },
    },
  },
};
