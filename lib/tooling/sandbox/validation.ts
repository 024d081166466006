import { asRecord, validationError } from "./http";
import type { ObjectType } from "./object-types";
import { DEFAULT_PIPELINE_ID, findPipeline, PIPELINE_PROPERTIES, PIPELINES } from "./pipelines";
import { findProperty, type PropertyDefinition } from "./properties";
import type { SandboxState } from "./state";

/** One item of HubSpot's `Property values were not valid: [...]` list. */
export interface PropertyIssue {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

const issue = (name: string, error: string, message: string): PropertyIssue => ({
  isValid: false,
  message,
  error,
  name,
});

/** 400 VALIDATION_ERROR in HubSpot's exact message format, plus structured `errors[]`. */
export function propertyValidationError(issues: PropertyIssue[]) {
  return validationError(`Property values were not valid: ${JSON.stringify(issues)}`, {
    errors: issues.map((i) => ({ message: i.message, code: i.error, context: { propertyName: [i.name] } })),
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Returns the normalised string value, or an issue. */
function checkValue(def: PropertyDefinition, value: string): string | PropertyIssue {
  const { name } = def;
  if (def.readOnlyValue) {
    return issue(name, "READ_ONLY_VALUE", `${name} is a read only property; its value cannot be set.`);
  }
  if (name === "email") {
    return EMAIL.test(value) ? value.toLowerCase() : issue(name, "INVALID_EMAIL", `Email address ${value} is invalid`);
  }
  switch (def.type) {
    case "number":
      return NUMBER.test(value) ? value : issue(name, "INVALID_DECIMAL", `${value} was not a valid number.`);
    case "bool":
      return value === "true" || value === "false"
        ? value
        : issue(name, "INVALID_BOOLEAN", `${value} was not a valid boolean (true or false).`);
    case "date":
    case "datetime": {
      const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
      return Number.isNaN(date.getTime())
        ? issue(name, "INVALID_DATE", `${value} was not a valid date or timestamp.`)
        : date.toISOString();
    }
    case "enumeration":
      return checkOption(def, value);
    default:
      return value;
  }
}

function checkOption(def: PropertyDefinition, value: string): string | PropertyIssue {
  const allowed = (def.options ?? []).map((o) => o.value);
  const isStage = def.name === "dealstage" || def.name === "hs_pipeline_stage";
  if (isStage || allowed.length === 0) return value; // stages are checked against their pipeline
  const values = def.fieldType === "checkbox" ? value.split(";") : [value];
  const bad = values.find((v) => !allowed.includes(v));
  if (bad === undefined) return value;
  return issue(def.name, "INVALID_OPTION", `${bad} was not one of the allowed options: [${allowed.join(", ")}]`);
}

/** A stage must belong to the object's (new or current) pipeline. */
function checkStage(type: ObjectType, props: Record<string, string | null>, current: Record<string, string>) {
  const names = PIPELINE_PROPERTIES[type];
  if (!names) return undefined;
  const stage = props[names.stage];
  if (stage === undefined || stage === null) return undefined;
  const pipelineId = props[names.pipeline] ?? current[names.pipeline] ?? DEFAULT_PIPELINE_ID[type] ?? "";
  const pipeline = findPipeline(type, pipelineId);
  if (!pipeline || pipeline.stages.some((s) => s.id === stage)) return undefined;
  const valid = (PIPELINES[type] ?? [])
    .map((p) => `pipelineId=${p.id} : [${p.stages.map((s) => s.id).join(", ")}]`)
    .join("; ");
  return issue(names.stage, "INVALID_OPTION", `${stage} is not a valid pipeline stage ID. Valid options are: ${valid}`);
}

/**
 * Validates a `properties` input against the type's definitions. Values come back as strings;
 * `null` means "clear this property" (sent as null or "").
 */
export function normalizeProperties(
  state: SandboxState,
  type: ObjectType,
  input: unknown,
  current: Record<string, string> = {},
): Record<string, string | null> {
  if (input !== undefined && (typeof input !== "object" || input === null || Array.isArray(input))) {
    throw validationError("Invalid input JSON: properties must be an object");
  }
  const out: Record<string, string | null> = {};
  const issues: PropertyIssue[] = [];
  for (const [name, raw] of Object.entries(asRecord(input))) {
    const def = findProperty(state, type, name);
    if (!def) {
      issues.push(issue(name, "PROPERTY_DOESNT_EXIST", `Property "${name}" does not exist`));
      continue;
    }
    if (raw === null || raw === "") {
      out[name] = null;
      continue;
    }
    const checked = checkValue(def, typeof raw === "object" ? JSON.stringify(raw) : String(raw));
    if (typeof checked === "string") out[name] = checked;
    else issues.push(checked);
  }
  const stageIssue = issues.length === 0 ? checkStage(type, out, current) : undefined;
  if (stageIssue) issues.push(stageIssue);
  if (issues.length > 0) throw propertyValidationError(issues);
  return out;
}

const REQUIRED: Record<ObjectType, { all: string[]; oneOf?: string[] }> = {
  contacts: { all: [], oneOf: ["email", "firstname", "lastname"] },
  deals: { all: ["dealname"] },
  tickets: { all: ["subject", "hs_pipeline_stage"] },
};

/** Fills the default pipeline and enforces the properties a create needs. */
export function completeForCreate(type: ObjectType, props: Record<string, string>): Record<string, string> {
  const names = PIPELINE_PROPERTIES[type];
  const defaultPipeline = DEFAULT_PIPELINE_ID[type];
  const out = { ...props };
  if (names && defaultPipeline && out[names.pipeline] === undefined) out[names.pipeline] = defaultPipeline;
  const rule = REQUIRED[type];
  const issues = rule.all
    .filter((name) => out[name] === undefined)
    .map((name) => issue(name, "REQUIRED_FIELD", `${name} is required`));
  if (rule.oneOf && !rule.oneOf.some((name) => out[name] !== undefined)) {
    const list = rule.oneOf.join(", ");
    issues.push(issue(rule.oneOf[0], "REQUIRED_FIELD", `At least one of ${list} is required`));
  }
  if (issues.length > 0) throw propertyValidationError(issues);
  return out;
}
