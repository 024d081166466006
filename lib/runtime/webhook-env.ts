import { isIP } from "node:net";
import { z } from "zod";

/**
 * The webhook variables of lib/runtime/env-schema.ts (docs/webhooks.md), kept beside it so that
 * file stays readable. Same conventions: empty means unset, every bad value is named.
 */
const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(def));

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?)*\.?$/i;

/** `10.0.0.0/8`, `fd00::/8`, `127.0.0.1`, `::1` or a host name. */
export function isAllowListEntry(entry: string): boolean {
  const [address, bits, ...rest] = entry.split("/");
  if (rest.length) return false;
  const family = isIP(address);
  if (bits !== undefined) return family !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  return family !== 0 || HOSTNAME.test(entry);
}

export const webhookEnvShape = {
  /** An endpoint provisioned at start-up for headless deployments (source "env"); needs WEBHOOK_SECRET. */
  WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
  /** Its signing secret: 24+ characters, used as is (UTF-8) as the HMAC-SHA256 key. */
  WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().min(24, { error: "must be at least 24 characters" }).optional()),
  /** 1: endpoints may use http:// (tests, a sandbox on a private network). Default: https only. */
  WEBHOOK_ALLOW_HTTP: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
  /** Hosts, addresses or CIDR ranges endpoints may reach although private or loopback, comma-separated. */
  WEBHOOK_ALLOWED_HOSTS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((v) => v.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().refine(isAllowListEntry, { error: "each entry must be a host name, an IP address or a CIDR range" })))
      .default([]),
  ),
  /** Timeout of one delivery request (connect, send, answer). */
  WEBHOOK_TIMEOUT_MS: int(10_000, 100, 60_000),
  /** How long an event is tried for before its delivery is given up (24 h). */
  WEBHOOK_MAX_AGE_SECONDS: int(86_400, 1, 7 * 86_400),
  /** First wait after a failed attempt; doubles per attempt, with jitter, up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_BASE_MS: int(10_000, 10, 3_600_000),
  WEBHOOK_RETRY_MAX_MS: int(3_600_000, 10, 86_400_000),
  /** Delivery requests one worker has in flight at once… */
  WEBHOOK_CONCURRENCY: int(10, 1, 200),
  /** …and to any one endpoint, so a slow endpoint cannot take every slot. */
  WEBHOOK_ENDPOINT_CONCURRENCY: int(2, 1, 50),
  /** How often the delivery loop looks for due deliveries. */
  WEBHOOK_POLL_INTERVAL_MS: int(1_000, 50, 60_000),
};

const webhookEnvSchema = z.object(webhookEnvShape);
type WebhookEnv = z.infer<typeof webhookEnvSchema>;

/** What a single variable cannot say: the URL and secret come together, http only when allowed. */
export function webhookEnvProblems(e: WebhookEnv): string[] {
  const problems: string[] = [];
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) problems.push("WEBHOOK_SECRET: required when WEBHOOK_URL is set");
  if (e.WEBHOOK_SECRET && !e.WEBHOOK_URL) problems.push("WEBHOOK_URL: required when WEBHOOK_SECRET is set");
  if (e.WEBHOOK_URL?.startsWith("http:") && e.WEBHOOK_ALLOW_HTTP !== "1") problems.push("WEBHOOK_URL: must be https:// (or set WEBHOOK_ALLOW_HTTP=1)");
  if (e.WEBHOOK_RETRY_MAX_MS < e.WEBHOOK_RETRY_BASE_MS) problems.push("WEBHOOK_RETRY_MAX_MS: must not be less than WEBHOOK_RETRY_BASE_MS");
  return problems;
}
