import { randomUUID } from "node:crypto";
import { z } from "zod";
import { batchError, batchReply, traceIdsOf } from "./batch";
import { asArray, asRecord, HttpError, hubspotError, validationError, type Reply } from "./http";
import { rateLimitError } from "./rate-limit";
import type { FaultRule, SandboxState } from "./state";

/** Body of `POST /__sandbox/faults`. */
export const faultInputSchema = z.object({
  status: z.number().int().min(400).max(599).optional(),
  policyName: z.enum(["TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY"]).optional(),
  count: z.number().int().positive().optional(),
  rate: z.number().min(0).max(1).optional(),
  match: z.string().optional(),
  delayMs: z.number().int().min(0).optional(),
  drop: z.boolean().optional(),
  outageSeconds: z.number().positive().optional(),
  afterResponse: z.boolean().optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  refuseInputs: z.string().min(1).optional(),
  omitResults: z.boolean().optional(),
});

export type FaultInput = z.infer<typeof faultInputSchema>;

/** Without `count`, `rate` or `outageSeconds` a fault hits the next matching call only. */
export function addFault(state: SandboxState, raw: unknown): FaultRule {
  const parsed = faultInputSchema.safeParse(raw);
  if (!parsed.success) throw validationError(`Invalid fault: ${parsed.error.message}`);
  const input = parsed.data;
  const { count, outageSeconds, ...rest } = input;
  const open = input.rate !== undefined || outageSeconds !== undefined;
  const rule: FaultRule = {
    id: randomUUID(),
    ...rest,
    remaining: count ?? (open ? undefined : 1),
    outageUntil: outageSeconds !== undefined ? Date.now() + outageSeconds * 1000 : undefined,
  };
  state.faults.push(rule);
  return rule;
}

/** Finds the first fault that fires for `"METHOD /path"` and uses up one of its hits. */
export function takeFault(state: SandboxState, signature: string): FaultRule | undefined {
  const now = Date.now();
  state.faults = state.faults.filter((f) => f.outageUntil === undefined || f.outageUntil > now);
  for (const fault of state.faults) {
    if (fault.match && !signature.includes(fault.match)) continue;
    if (fault.rate !== undefined && Math.random() >= fault.rate) continue;
    if (fault.remaining !== undefined) {
      fault.remaining--;
      if (fault.remaining <= 0) state.faults = state.faults.filter((f) => f !== fault);
    }
    return fault;
  }
  return undefined;
}

const MESSAGES: Record<number, string> = {
  423: "The resource is locked; wait at least 2 seconds before retrying.",
  477: "This account is migrating between data centres.",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The error a fault answers with; undefined when it only delays, drops or loses the response. */
export function faultError(state: SandboxState, fault: FaultRule): HttpError | undefined {
  const status = fault.status ?? (fault.outageUntil !== undefined ? 503 : undefined);
  if (status === undefined) return undefined;
  const retryAfter: Record<string, string> =
    fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {};
  if (status === 429) return rateLimitError(state, fault.policyName ?? "TEN_SECONDLY_ROLLING", retryAfter);
  const category = status >= 500 ? "INTERNAL_ERROR" : "SANDBOX_FAULT";
  return new HttpError(status, hubspotError(status, category, MESSAGES[status] ?? `Sandbox fault ${status}`).body, retryAfter);
}

/**
 * A `refuseInputs` fault: what HubSpot answers when it refuses every input of a batch write for a
 * reason the caller could not check first (a validation rule, an option removed meanwhile). With
 * distinct objectWriteTraceIds, a 207 with one error per input; without, a 400 for the batch.
 */
export function refusalReply(body: unknown, message: string): Reply {
  const inputs = asArray(asRecord(body).inputs).map(asRecord);
  const refusal = validationError(message);
  const traceIds = traceIdsOf(inputs);
  if (!traceIds) throw refusal;
  const now = new Date().toISOString();
  return batchReply(now, [], traceIds.map((id) => batchError(refusal, id)), 200);
}

/** An `omitResults` fault: the work is done, but the 2xx answer lists none of the objects written. */
export function withoutResults(reply: Reply): Reply {
  const body = reply.body;
  if (reply.status >= 300 || !body || typeof body !== "object" || !Array.isArray((body as { results?: unknown }).results)) return reply;
  return { ...reply, body: { ...body, results: [] } };
}
