/*
 * The sandbox's latency model: how long HubSpot takes to answer one call. The call is admitted
 * (counted against the rate window) when it arrives, as HubSpot counts it; the work's latency
 * comes after that. A refused call (429, 401) answers after the base latency only.
 *
 *   latency = (baseMs + perInputMs × inputs) × (1 ± jitter, uniform)
 *             × tailMultiplier with probability tailProbability, capped at maxMs (0 = no cap)
 *
 * `inputs` is `body.inputs.length` for batch endpoints, else 1. docs/sandbox-latency.md explains
 * the profiles' numbers.
 */
import { z } from "zod";
import { SANDBOX_LATENCY_PROFILE_NAMES } from "../../runtime/env-schema";
import type { RequestContext } from "./router";

export interface LatencyModel {
  baseMs: number;
  perInputMs: number;
  /** Fraction: 0.2 spreads each call uniformly over ±20 %. */
  jitter: number;
  tailProbability: number;
  tailMultiplier: number;
  /** Upper bound of any one call; 0 = none. */
  maxMs: number;
}

const FLAT = { perInputMs: 0, jitter: 0, tailProbability: 0, tailMultiplier: 1, maxMs: 0 };

export const LATENCY_PROFILES = {
  /** No latency at all: the default of the in-process sandbox, so tests stay fast. */
  none: { baseMs: 0, ...FLAT },
  /** 100 ms flat for every call, whatever its size: the benchmark's model before profiles. */
  fast: { baseMs: 100, ...FLAT },
  /** ~100 ms for one object, ~250 ms for a 100-input batch; 2 % of calls 3× slower. */
  typical: { baseMs: 100, perInputMs: 1.5, jitter: 0.2, tailProbability: 0.02, tailMultiplier: 3, maxMs: 1_500 },
  /** ~150 ms for one object, ~600 ms for a 100-input batch; 5 % of calls 3× slower, up to 2 s. */
  slow: { baseMs: 150, perInputMs: 4.5, jitter: 0.3, tailProbability: 0.05, tailMultiplier: 3, maxMs: 2_000 },
} as const satisfies Record<LatencyProfile, LatencyModel>;

/** The profiles' names, declared with the configuration they are chosen in (SANDBOX_LATENCY_PROFILE). */
export type LatencyProfile = (typeof SANDBOX_LATENCY_PROFILE_NAMES)[number];
export const LATENCY_PROFILE_NAMES = SANDBOX_LATENCY_PROFILE_NAMES;

/** The live setting: a model and the profile it came from ("custom" when knobs were given). */
export interface LatencySetting extends LatencyModel {
  profile: LatencyProfile | "custom";
}

/**
 * What callers give: a profile, explicit knobs, or a profile with some knobs overridden. Knobs
 * left out come from the profile, or are 0 (tailMultiplier 1) without one.
 */
export const latencyInputSchema = z
  .object({
    profile: z.enum(LATENCY_PROFILE_NAMES).optional(),
    baseMs: z.number().min(0).max(600_000).optional(),
    perInputMs: z.number().min(0).max(60_000).optional(),
    jitter: z.number().min(0).max(1).optional(),
    tailProbability: z.number().min(0).max(1).optional(),
    tailMultiplier: z.number().min(1).max(1_000).optional(),
    maxMs: z.number().min(0).max(600_000).optional(),
  })
  .strict();
export type LatencyInput = z.infer<typeof latencyInputSchema>;

export function resolveLatency(input: LatencyInput): LatencySetting {
  const { profile, ...knobs } = latencyInputSchema.parse(input);
  const given = Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined));
  const name = Object.keys(given).length > 0 ? "custom" : (profile ?? "none");
  return { profile: name, ...LATENCY_PROFILES[profile ?? "none"], ...given };
}

/** The old `latencyMs`: the same delay for every call. */
export const flatLatency = (ms: number): LatencySetting =>
  ms === 0 ? { profile: "none", ...LATENCY_PROFILES.none } : { profile: "custom", baseMs: ms, ...FLAT };

/** The model's value before jitter and tail: what a call of `inputs` inputs takes at least on average. */
export const nominalMs = (m: LatencyModel, inputs: number) => m.baseMs + m.perInputMs * inputs;

/** One draw of an admitted call's latency, in ms. */
export function workLatencyMs(m: LatencyModel, inputs: number, random: () => number = Math.random): number {
  let ms = nominalMs(m, inputs);
  if (m.jitter > 0) ms *= 1 + m.jitter * (2 * random() - 1);
  if (m.tailProbability > 0 && random() < m.tailProbability) ms *= m.tailMultiplier;
  if (m.maxMs > 0) ms = Math.min(ms, m.maxMs);
  return Math.max(0, ms);
}

/** A refused call (429, 401) is answered without the work: the base latency only. */
export const refusalLatencyMs = (m: LatencyModel) => (m.maxMs > 0 ? Math.min(m.baseMs, m.maxMs) : m.baseMs);

/** Inputs of a batch call (`body.inputs.length`), else 1. A body that does not parse counts as 1. */
export function inputsOf(ctx: RequestContext): number {
  if (!ctx.path.includes("/batch/")) return 1;
  try {
    const inputs = (ctx.json() as { inputs?: unknown } | null)?.inputs;
    return Array.isArray(inputs) && inputs.length > 0 ? inputs.length : 1;
  } catch {
    return 1;
  }
}
