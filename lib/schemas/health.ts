import { z } from "zod";

const probeSchema = z.object({
  status: z.enum(["ok", "unreachable", "needs_reconnect"]),
  detail: z.string().optional(),
});

/** GET /api/health */
export const healthResponseSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]).meta({ description: "`down` (HTTP 503) when the database is unreachable." }),
    mode: z.enum(["sandbox", "private_app", "oauth"]).meta({ description: "Which HubSpot the app talks to, and how." }),
    sandbox: z.boolean(),
    database: probeSchema,
    hubspot: probeSchema.extend({ base_url: z.string().meta({ example: "https://api.hubapi.com" }) }),
  })
  .meta({ id: "Health" });
