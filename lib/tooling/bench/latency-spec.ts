/** `--latency`: a sandbox latency profile, a flat number of ms, or `key=value` knobs (lib/tooling/sandbox/latency.ts). */
import { LATENCY_PROFILE_NAMES, latencyInputSchema, resolveLatency, type LatencyInput, type LatencyProfile } from "../sandbox/latency";

const KNOBS = ["baseMs", "perInputMs", "jitter", "tailProbability", "tailMultiplier", "maxMs"] as const;

export const isLatencyProfile = (s: string): s is LatencyProfile => (LATENCY_PROFILE_NAMES as readonly string[]).includes(s);

/** `typical` | `150` (flat) | `profile=typical,jitter=0` | `baseMs=60,perInputMs=1.9`. */
export function parseLatencySpec(spec: string, flag = "latency"): LatencyInput {
  const text = spec.trim();
  if (isLatencyProfile(text)) return { profile: text };
  if (/^\d+(\.\d+)?$/.test(text)) return { baseMs: Number(text) };
  const input: Record<string, string | number> = {};
  for (const pair of text.split(",")) {
    const [key, value] = pair.split("=").map((x) => x?.trim());
    if (key === "profile" && value !== undefined) input.profile = value;
    else if ((KNOBS as readonly string[]).includes(key) && value !== undefined && value !== "") input[key] = Number(value);
    else {
      throw new Error(
        `--${flag} expects a profile (${LATENCY_PROFILE_NAMES.join(", ")}), a number of ms, or key=value pairs of profile, ${KNOBS.join(", ")} (got "${spec}")`,
      );
    }
  }
  const parsed = latencyInputSchema.safeParse(input);
  if (!parsed.success) throw new Error(`--${flag}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** One line: `typical (100 ms + 1.5 ms/input, ±20 %, 2 % of calls ×3, max 1500 ms)`. */
export function describeLatency(input: LatencyInput): string {
  const m = resolveLatency(input);
  if (m.baseMs === 0 && m.perInputMs === 0) return `${m.profile} (no latency)`;
  const parts = [`${m.baseMs} ms${m.perInputMs ? ` + ${m.perInputMs} ms/input` : " per call"}`];
  if (m.jitter) parts.push(`±${Math.round(m.jitter * 100)} %`);
  if (m.tailProbability) parts.push(`${+(m.tailProbability * 100).toFixed(2)} % of calls ×${m.tailMultiplier}`);
  if (m.maxMs) parts.push(`max ${m.maxMs} ms`);
  return `${m.profile} (${parts.join(", ")})`;
}
