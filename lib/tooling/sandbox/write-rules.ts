import type { HubSpotApiVersion } from "./api-versions";
import { validationError } from "./http";
import { TYPE_INFO, type ObjectType } from "./object-types";
import type { SandboxState } from "./state";

/**
 * A portal admin's rule on records of one type. Without `when`: a required field of the
 * Create Record form (creates only). With `when`: a conditional required property (creates and
 * updates, checked on the record as it would be after the write).
 */
export interface RequiredPropertyRule {
  property: string;
  when?: { property: string; value: string };
}

/** A rule of HubSpot's property validations API (`propertyValidationRules[]`). */
export interface PropertyValidationRule {
  ruleType: string;
  ruleArguments: string[];
}

export interface PortalRules {
  required: Partial<Record<ObjectType, RequiredPropertyRule[]>>;
  /** type → property → rules, served by `GET /crm/property-validations/{v}/{objectTypeId}`. */
  validations: Partial<Record<ObjectType, Record<string, PropertyValidationRule[]>>>;
}

export const emptyPortalRules = (): PortalRules => ({ required: {}, validations: {} });

const isBlank = (v: string | null | undefined) => v === undefined || v === null || v === "";

function refusal(code: string, property: string, message: string) {
  return validationError(message, {
    errors: [{ message, code, context: { propertyName: [property] } }],
    context: { propertyName: [property] },
  });
}

/** Rule types the sandbox understands; others are served but not enforced. */
function breaks(rule: PropertyValidationRule, value: string): boolean {
  const arg = rule.ruleArguments[0] ?? "";
  switch (rule.ruleType) {
    case "MIN_LENGTH":
      return value.length < Number(arg);
    case "MAX_LENGTH":
      return value.length > Number(arg);
    case "REGEX":
      return !new RegExp(arg).test(value);
    default:
      return false;
  }
}

/**
 * 2026-09 write validation: the portal's admin rules apply to API writes on `/2026-09/` paths
 * only; legacy and 2026-03 writes are unaffected. Throws HubSpot's 400 VALIDATION_ERROR with
 * `errors[].code` and `context.propertyName`.
 */
export function enforceWriteRules(
  state: SandboxState,
  version: HubSpotApiVersion,
  type: ObjectType,
  written: Record<string, string | null>,
  current: Record<string, string> | undefined,
): void {
  if (version !== "2026-09") return;
  const after: Record<string, string | null> = { ...(current ?? {}), ...written };
  for (const rule of state.rules.required[type] ?? []) {
    if (!rule.when && current) continue;
    if (rule.when && after[rule.when.property] !== rule.when.value) continue;
    if (!isBlank(after[rule.property])) continue;
    const code = rule.when ? "MISSING_CONDITIONAL_REQUIRED_PROPERTY" : "MISSING_REQUIRED_PROPERTY";
    throw refusal(code, rule.property, `The ${TYPE_INFO[type].singular} property '${rule.property}' is required by this account.`);
  }
  for (const [property, rules] of Object.entries(state.rules.validations[type] ?? {})) {
    const value = written[property];
    if (isBlank(value)) continue;
    const broken = rules.find((r) => breaks(r, value!));
    if (broken) throw refusal("INVALID_PROPERTY_VALUE", property, `${value} does not meet the ${broken.ruleType} rule of '${property}'.`);
  }
}

/** The wire form of one type's validation rules. */
export function renderValidations(state: SandboxState, type: ObjectType, name?: string) {
  const all = Object.entries(state.rules.validations[type] ?? {})
    .filter(([propertyName]) => name === undefined || propertyName === name)
    .map(([propertyName, propertyValidationRules]) => ({ propertyName, propertyValidationRules }));
  return all;
}
