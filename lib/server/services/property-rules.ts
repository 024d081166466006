import "server-only";
import { z } from "zod";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { FieldIssue } from "@/lib/schemas/error";
import { cachedReads } from "../cached-reads";
import type { HubSpotClient } from "../hubspot/client";
import { HubSpotAuthError, HubSpotNotFoundError } from "../hubspot/errors";
import type { RegistrationPlan } from "./registrations/plan";

/** One rule of HubSpot's property validations API. */
export interface PropertyRule {
  ruleType: string;
  ruleArguments: string[];
}
/** property name → its rules */
export type PropertyRules = Record<string, PropertyRule[]>;

const rulesResponseSchema = z.object({
  results: z
    .array(
      z.object({
        propertyName: z.string(),
        propertyValidationRules: z.array(z.object({ ruleType: z.string(), ruleArguments: z.array(z.coerce.string()).default([]) })).default([]),
      }),
    )
    .default([]),
});

const ruleReads = cachedReads<PropertyRules>();

async function readRules(client: HubSpotClient, type: CrmObjectType): Promise<PropertyRules> {
  try {
    // Paced like every call: a read beside the limiter would spend budget it does not know of.
    const { data } = await client.request({ method: "GET", path: client.paths.propertyValidations(type), schema: rulesResponseSchema });
    return Object.fromEntries(data.results.map((r) => [r.propertyName, r.propertyValidationRules]));
  } catch (e) {
    // No rules API on this account, or no scope to read it: HubSpot still checks on write.
    if (e instanceof HubSpotNotFoundError || (e instanceof HubSpotAuthError && e.status === 403)) return {};
    throw e;
  }
}

/** The validation rules of a type's properties (cached, ../cached-reads.ts). */
export function getPropertyRules(client: HubSpotClient, type: CrmObjectType): Promise<PropertyRules> {
  return ruleReads(type, () => readRules(client, type));
}

/**
 * Why a value breaks a rule, for the rule types whose meaning is plain from their name; any
 * other rule type is left to HubSpot, which refuses the write with the property named.
 */
function breach(rule: PropertyRule, value: string): string | undefined {
  const arg = rule.ruleArguments[0] ?? "";
  switch (rule.ruleType) {
    case "MIN_LENGTH":
      return value.length < Number(arg) ? `must be at least ${arg} characters` : undefined;
    case "MAX_LENGTH":
      return value.length > Number(arg) ? `must be at most ${arg} characters` : undefined;
    case "REGEX":
      try {
        return new RegExp(arg).test(value) ? undefined : "does not have the format this HubSpot account requires";
      } catch {
        return undefined;
      }
    default:
      return undefined;
  }
}

function check(prefix: string, properties: Record<string, string>, rules: PropertyRules): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, value] of Object.entries(properties)) {
    for (const rule of rules[name] ?? []) {
      const why = breach(rule, value);
      if (why) issues.push({ field: `${prefix}.${name}`, message: `${why} (HubSpot property ${name})` });
    }
  }
  return issues;
}

/** Starts (or reuses) the reads of these types' rules, without waiting; a failure is left for `findRuleIssues`. */
export function warmPropertyRules(client: HubSpotClient, types: CrmObjectType[]): void {
  for (const type of types) getPropertyRules(client, type).catch(() => undefined);
}

/** Every value of the plan that breaks a rule the portal publishes, as field issues. */
export async function findRuleIssues(client: HubSpotClient, plan: RegistrationPlan): Promise<FieldIssue[]> {
  const [contactRules, dealRules, ticketRules] = await Promise.all([
    getPropertyRules(client, "contacts"),
    plan.deals.length ? getPropertyRules(client, "deals") : {},
    plan.tickets.length ? getPropertyRules(client, "tickets") : {},
  ]);
  return checkPlan(plan, contactRules, dealRules, ticketRules);
}

/** Every value of the plan that breaks one of these rules, as field issues (no HubSpot read). */
export function checkPlan(plan: RegistrationPlan, contactRules: PropertyRules, dealRules: PropertyRules, ticketRules: PropertyRules): FieldIssue[] {
  return [
    ...check("contact", plan.contact, contactRules),
    ...plan.deals.flatMap((d, i) => check(`deals[${i}]`, d, dealRules)),
    ...plan.tickets.flatMap((t, i) => check(`tickets[${i}]`, t, ticketRules)),
  ];
}
