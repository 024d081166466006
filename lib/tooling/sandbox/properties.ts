import type { ObjectType } from "./object-types";
import { PIPELINES } from "./pipelines";
import type { SandboxState } from "./state";

export type PropertyType = "string" | "number" | "date" | "datetime" | "enumeration" | "bool";

export interface PropertyOption {
  label: string;
  value: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: PropertyOption[];
  hasUniqueValue: boolean;
  hubspotDefined: boolean;
  readOnlyValue?: boolean;
  createdAt?: string;
}

type Spec = [name: string, label: string, type?: PropertyType, fieldType?: string, options?: string[]];

const opts = (values: string[]): PropertyOption[] =>
  values.map((value) => ({
    value,
    label: value.charAt(0).toUpperCase() + value.slice(1).toLowerCase().replace(/_/g, " "),
  }));

function defs(groupName: string, specs: Spec[]): PropertyDefinition[] {
  return specs.map(([name, label, type = "string", fieldType = "text", options]) => ({
    name,
    label,
    type,
    fieldType,
    groupName,
    options: options ? opts(options) : undefined,
    hasUniqueValue: false,
    hubspotDefined: true,
  }));
}

const stageOptions = (type: ObjectType) =>
  (PIPELINES[type] ?? []).flatMap((p) => p.stages.map((s) => s.id));
const pipelineOptions = (type: ObjectType) => (PIPELINES[type] ?? []).map((p) => p.id);

/** Set by HubSpot on every object; writing them is a READ_ONLY_VALUE error. */
export const READ_ONLY_PROPERTIES = ["hs_object_id", "createdate", "lastmodifieddate", "hs_lastmodifieddate", "hs_merged_object_ids"];

function systemDefs(groupName: string): PropertyDefinition[] {
  return defs(groupName, [
    ["hs_object_id", "Record ID", "number", "number"],
    ["createdate", "Create Date", "datetime", "date"],
    ["lastmodifieddate", "Last Modified Date", "datetime", "date"],
    ["hs_lastmodifieddate", "Last Modified Date", "datetime", "date"],
    ["hs_merged_object_ids", "Merged Record IDs", "string", "text"],
  ]).map((d) => ({ ...d, readOnlyValue: true }));
}

const DEFAULT_DEFINITIONS: Record<ObjectType, PropertyDefinition[]> = {
  contacts: [
    ...defs("contactinformation", [
      ["email", "Email"],
      ["firstname", "First Name"],
      ["lastname", "Last Name"],
      ["phone", "Phone Number", "string", "phonenumber"],
      ["company", "Company Name"],
      ["website", "Website URL"],
      ["jobtitle", "Job Title"],
      ["address", "Street Address"],
      ["city", "City"],
      ["state", "State/Region"],
      ["zip", "Postal Code"],
      ["country", "Country/Region"],
      ["hubspot_owner_id", "Contact owner"],
      ["lifecyclestage", "Lifecycle Stage", "enumeration", "radio",
        ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other"]],
      ["hs_lead_status", "Lead Status", "enumeration", "radio",
        ["NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"]],
    ]),
    ...systemDefs("contactinformation"),
  ],
  deals: [
    ...defs("dealinformation", [
      ["dealname", "Deal Name"],
      ["amount", "Amount", "number", "number"],
      ["closedate", "Close Date", "datetime", "date"],
      ["pipeline", "Pipeline", "enumeration", "select", pipelineOptions("deals")],
      ["dealstage", "Deal Stage", "enumeration", "radio", stageOptions("deals")],
      ["hubspot_owner_id", "Deal owner"],
      ["dealtype", "Deal Type", "enumeration", "radio", ["newbusiness", "existingbusiness"]],
      ["description", "Deal Description", "string", "textarea"],
    ]),
    ...systemDefs("dealinformation"),
  ],
  tickets: [
    ...defs("ticketinformation", [
      ["subject", "Ticket name"],
      ["content", "Ticket description", "string", "textarea"],
      ["hs_pipeline", "Pipeline", "enumeration", "select", pipelineOptions("tickets")],
      ["hs_pipeline_stage", "Ticket status", "enumeration", "radio", stageOptions("tickets")],
      ["hs_ticket_priority", "Priority", "enumeration", "select", ["LOW", "MEDIUM", "HIGH", "URGENT"]],
      ["hs_ticket_category", "Category", "enumeration", "checkbox",
        ["PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY"]],
      ["hubspot_owner_id", "Ticket owner"],
      ["source_type", "Source", "enumeration", "select", ["EMAIL", "CHAT", "PHONE", "FORM"]],
    ]),
    ...systemDefs("ticketinformation"),
  ],
};

/** Properties returned when a read does not name any. */
export const DEFAULT_READ_PROPERTIES: Record<ObjectType, string[]> = {
  contacts: ["firstname", "lastname", "email"],
  deals: ["dealname", "amount", "closedate", "pipeline", "dealstage"],
  tickets: ["content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"],
};

/** Returned on every read; deals and tickets name their modified date `hs_lastmodifieddate`. */
export const ALWAYS_RETURNED: Record<ObjectType, string[]> = {
  contacts: ["hs_object_id", "createdate", "lastmodifieddate"],
  deals: ["hs_object_id", "createdate", "hs_lastmodifieddate"],
  tickets: ["hs_object_id", "createdate", "hs_lastmodifieddate"],
};

export function listProperties(state: SandboxState, type: ObjectType): PropertyDefinition[] {
  return [...DEFAULT_DEFINITIONS[type], ...state.customProperties[type].values()];
}

export function findProperty(state: SandboxState, type: ObjectType, name: string): PropertyDefinition | undefined {
  return DEFAULT_DEFINITIONS[type].find((d) => d.name === name) ?? state.customProperties[type].get(name);
}

/** Properties an object can be looked up by: contacts' email plus every `hasUniqueValue` property. */
export function isUniqueIdProperty(state: SandboxState, type: ObjectType, name: string): boolean {
  if (type === "contacts" && name === "email") return true;
  return findProperty(state, type, name)?.hasUniqueValue === true;
}

export function uniquePropertyNames(state: SandboxState, type: ObjectType): string[] {
  return listProperties(state, type)
    .filter((d) => isUniqueIdProperty(state, type, d.name))
    .map((d) => d.name);
}

/** The wire form of a property definition (`GET /crm/v3/properties/{type}`). */
export function renderProperty(def: PropertyDefinition) {
  const stamp = def.createdAt ?? new Date(0).toISOString();
  return {
    name: def.name,
    label: def.label,
    type: def.type,
    fieldType: def.fieldType,
    description: def.description ?? "",
    groupName: def.groupName,
    options: (def.options ?? []).map((o, displayOrder) => ({ ...o, displayOrder, hidden: false })),
    displayOrder: -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: def.hasUniqueValue,
    hidden: false,
    hubspotDefined: def.hubspotDefined,
    modificationMetadata: {
      archivable: !def.hubspotDefined,
      readOnlyDefinition: def.hubspotDefined,
      readOnlyValue: def.readOnlyValue === true,
    },
    formField: !def.readOnlyValue,
    createdAt: stamp,
    updatedAt: stamp,
    archived: false,
  };
}
