import { z } from "zod";

/** GET /api/health without credentials: liveness only, nothing about the deployment. */
export const healthLivenessSchema = z.object({ status: z.literal("ok") }).meta({ id: "HealthLiveness" });

/** GET /api/health for signed-in staff or an API key with `read`: readiness, from what is already known. */
export const healthResponseSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]).meta({ description: "`down` (HTTP 503) when the database is unreachable." }),
    mode: z.enum(["sandbox", "private_app", "oauth"]).meta({ description: "Which HubSpot the app talks to, and how." }),
    sandbox: z.boolean(),
    database: z.object({ status: z.enum(["ok", "unreachable"]), detail: z.string().optional() }),
    hubspot: z.object({
      status: z.enum(["ok", "unreachable", "needs_reconnect", "missing_scopes", "not_connected", "unknown"]).meta({
        description: "From the last answers HubSpot gave and the last registration synced; health never calls HubSpot itself.",
      }),
      base_url: z.string().meta({ example: "https://api.hubapi.com" }),
      api_version: z.enum(["2026-09", "2026-03", "legacy"]).meta({ description: "HUBSPOT_API_VERSION: the version every HubSpot path is built for." }),
      missing_scopes: z.array(z.string()).meta({ description: "Scopes the app needs that the portal did not grant.", example: ["crm.objects.tickets.write"] }),
      connection: z.enum(["connected", "needs_reconnect", "not_connected", "private_app"]),
      last_answer_at: z.string().nullable(),
      last_answer_status: z.number().int().nullable(),
      last_synced_at: z.string().nullable().meta({ description: "Newest registration synced by any process." }),
      pending: z.number().int().meta({ description: "Registrations waiting to be synced." }),
    }),
  })
  .meta({ id: "Health" });
export type Health = z.infer<typeof healthResponseSchema>;
