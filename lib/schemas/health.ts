import { z } from "zod";

const probeSchema = z.object({
  status: z.enum(["ok", "unreachable", "needs_reconnect", "missing_scopes"]),
  detail: z.string().optional(),
});

/** GET /api/health */
export const healthResponseSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]).meta({ description: "`down` (HTTP 503) when the database is unreachable." }),
    mode: z.enum(["sandbox", "private_app", "oauth"]).meta({ description: "Which HubSpot the app talks to, and how." }),
    sandbox: z.boolean(),
    database: probeSchema,
    hubspot: probeSchema.extend({
      base_url: z.string().meta({ example: "https://api.hubapi.com" }),
      api_version: z.enum(["2026-09", "2026-03", "legacy"]).meta({ description: "HUBSPOT_API_VERSION: the version every HubSpot path is built for." }),
      missing_scopes: z.array(z.string()).meta({ description: "Scopes the app needs that the portal did not grant.", example: ["crm.objects.tickets.write"] }),
    }),
  })
  .meta({ id: "Health" });
