import { z } from "zod";
import { addFault } from "./faults";
import { flatLatency, latencyInputSchema, resolveLatency } from "./latency";
import { json, noContent, validationError } from "./http";
import { OBJECT_TYPES, requireObjectType } from "./object-types";
import { renderObject } from "./objects-store";
import { route, type Route } from "./router";
import { emptyStats, resetState, type SandboxState } from "./state";
import { emptyWebhookStats, webhookConfigSchema } from "./webhooks";

/** Runtime-adjustable options (`POST /__sandbox/config`). */
const configPatchSchema = z.object({
  rateLimit: z.object({ max: z.number().int().min(0), intervalMs: z.number().int().positive() }).optional(),
  /** A profile (`{profile: "typical"}`) and/or knobs; see latency.ts. */
  latency: latencyInputSchema.optional(),
  /** The older flat form: the same delay for every call. */
  latencyMs: z.number().int().min(0).optional(),
  tokenTtlSeconds: z.number().int().min(0).optional(),
  rotateRefreshTokens: z.boolean().optional(),
  dailyLimit: z.number().int().min(0).optional(),
  searchPerSecond: z.number().int().min(0).optional(),
  privateAppScopes: z.array(z.string()).optional(),
  searchIndexLagMs: z.number().int().min(0).max(600_000).optional(),
  mergeCreatesNewId: z.boolean().optional(),
  /** Webhooks to the app: `{targetUrl, dropRate, maxBatch, …}` (webhooks.ts); `targetUrl: null` stops them. */
  webhooks: webhookConfigSchema.partial().optional(),
});
export type SandboxConfigPatch = z.input<typeof configPatchSchema>;

/** Body of `POST /__sandbox/rules`: replaces the portal's write rules (2026-09 enforcement). */
const typeMap = <T extends z.ZodType>(value: T) => z.partialRecord(z.enum(OBJECT_TYPES), value);
const rulesSchema = z.object({
  required: typeMap(z.array(z.object({ property: z.string(), when: z.object({ property: z.string(), value: z.string() }).optional() }))).optional(),
  validations: typeMap(z.record(z.string(), z.array(z.object({ ruleType: z.string(), ruleArguments: z.array(z.string()) })))).optional(),
});
export type SandboxRulesInput = z.input<typeof rulesSchema>;

/** `POST /__sandbox/reset` body (optional): `{"keepProperties": true}` keeps custom property definitions. */
const resetSchema = z.object({ keepProperties: z.boolean().optional() }).strict();

/** The live config minus the secrets (the CLI may be given a real-looking client secret). */
const publicConfig = ({ clientSecret: _secret, privateAppToken: _token, ...rest }: SandboxState["config"]) => rest;

/** Test-only control surface under `/__sandbox`: no auth, no faults, no latency, not counted. */
export const controlRoutes: Route[] = [
  route("GET", "/__sandbox/health", () => json(200, { ok: true })),
  route("POST", "/__sandbox/faults", (ctx) => json(201, { id: addFault(ctx.state, ctx.json()).id })),
  route("GET", "/__sandbox/faults", (ctx) => json(200, { results: ctx.state.faults })),
  route("DELETE", "/__sandbox/faults", (ctx) => {
    ctx.state.faults = [];
    return noContent();
  }),
  route("POST", "/__sandbox/tokens/expire", (ctx) => {
    const past = Date.now() - 1;
    for (const record of ctx.state.accessTokens.values()) record.expiresAt = Math.min(record.expiresAt, past);
    return json(200, { expired: ctx.state.accessTokens.size });
  }),
  route("POST", "/__sandbox/tokens/revoke", (ctx) => {
    const revoked = ctx.state.accessTokens.size + ctx.state.refreshTokens.size;
    ctx.state.accessTokens.clear();
    ctx.state.refreshTokens.clear();
    ctx.state.authCodes.clear();
    return json(200, { revoked });
  }),
  route("GET", "/__sandbox/stats", (ctx) => json(200, { ...ctx.state.stats, webhooks: ctx.state.webhooks.stats })),
  route("POST", "/__sandbox/stats/reset", (ctx) => {
    // Calls still being answered stay counted (their close handlers hold this very object).
    const { inFlight } = ctx.state.stats;
    ctx.state.stats = { ...emptyStats(), inFlight, maxInFlight: { ...inFlight } };
    ctx.state.webhooks.stats = emptyWebhookStats();
    return noContent();
  }),
  route("POST", "/__sandbox/reset", (ctx) => {
    const parsed = resetSchema.safeParse(ctx.json());
    if (!parsed.success) throw validationError(`Invalid reset: ${parsed.error.message}`);
    resetState(ctx.state, parsed.data);
    return noContent();
  }),
  route("GET", "/__sandbox/objects/:type", (ctx) => {
    const type = requireObjectType(ctx.params.type);
    // Every property, plus associations in the v3 read shape: `{deals:{results:[{id, type}]}}`.
    const results = [...ctx.state.objects[type].values()]
      .filter((obj) => !obj.archived)
      .map((obj) => renderObject(ctx.state, obj, { properties: "all", associations: [...OBJECT_TYPES] }));
    return json(200, { results });
  }),
  route("GET", "/__sandbox/rules", (ctx) => json(200, ctx.state.rules)),
  route("POST", "/__sandbox/rules", (ctx) => {
    const parsed = rulesSchema.safeParse(ctx.json());
    if (!parsed.success) throw validationError(`Invalid rules: ${parsed.error.message}`);
    ctx.state.rules = { required: parsed.data.required ?? {}, validations: parsed.data.validations ?? {} };
    return json(200, ctx.state.rules);
  }),
  route("GET", "/__sandbox/config", (ctx) => json(200, publicConfig(ctx.state.config))),
  route("POST", "/__sandbox/config", (ctx) => {
    const parsed = configPatchSchema.safeParse(ctx.json());
    if (!parsed.success) throw validationError(`Invalid config: ${parsed.error.message}`);
    const { latency, latencyMs, webhooks, ...rest } = parsed.data;
    if (latency && latencyMs !== undefined) throw validationError("Invalid config: latency and latencyMs exclude each other");
    const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    Object.assign(ctx.state.config, patch);
    if (webhooks) ctx.state.config.webhooks = { ...ctx.state.config.webhooks, ...webhooks };
    if (latency) ctx.state.config.latency = resolveLatency(latency);
    else if (latencyMs !== undefined) ctx.state.config.latency = flatLatency(latencyMs);
    return json(200, publicConfig(ctx.state.config));
  }),
];
