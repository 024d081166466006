import { z } from "zod";

/** GET /api/operations: what the operations page shows; times are ISO strings, series oldest first. */

const at = z.string().meta({ description: "Start of the bucket (ISO 8601)." });

export const alertSchema = z.object({
  rule: z.string(),
  title: z.string(),
  message: z.string(),
  startedAt: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;

export const operationsOverviewSchema = z.object({
  generatedAt: z.string(),
  budget: z.object({
    portalMax: z.number(),
    max: z.number(),
    intervalMs: z.number(),
    isLearnt: z.boolean(),
    usedNow: z.number(),
    /** Calls per 10-second bucket over the last hour. */
    windows: z.array(z.object({ at, calls: z.number() })),
  }),
  /** Registrations per minute over the last hour, by outcome. */
  registrations: z.array(
    z.object({ at, received: z.number(), syncedAtOnce: z.number(), syncedLater: z.number(), acceptedForLater: z.number(), needsAttention: z.number() }),
  ),
  queue: z.object({ pending: z.number(), oldestPendingAgeSeconds: z.number().nullable(), needsAttention: z.number(), countCap: z.number() }),
  /** Submission to synced per minute (from latency buckets, interpolated). */
  latency: z.array(z.object({ at, p50Ms: z.number().nullable(), p95Ms: z.number().nullable(), count: z.number() })),
  /** HubSpot answers per minute by class, and the retries among them. */
  answers: z.array(z.object({ at, ok: z.number(), rateLimited: z.number(), serverError: z.number(), clientError: z.number(), network: z.number(), retries: z.number() })),
  daily: z
    .object({
      limit: z.number(),
      remaining: z.number(),
      used: z.number(),
      observedAt: z.string(),
      /** Calls expected by the end of the UTC day at the last hour's pace. */
      projectedUsed: z.number(),
    })
    .nullable(),
  connection: z.object({
    mode: z.string(),
    portalId: z.string().nullable(),
    status: z.string(),
    apiVersion: z.string().nullable(),
    scopes: z.array(z.string()),
    tokenExpiresAt: z.string().nullable(),
    lastRefreshAt: z.string().nullable(),
    refreshCount: z.number(),
  }),
  alerts: z.array(alertSchema),
});
export type OperationsOverview = z.infer<typeof operationsOverviewSchema>;

/** Outcome names as stored in the registration rollup. */
export const REGISTRATION_OUTCOMES = ["received", "synced_at_once", "synced_later", "accepted_for_later", "partial", "needs_attention", "failed"] as const;
export type RegistrationOutcome = (typeof REGISTRATION_OUTCOMES)[number];
