import "server-only";
import type { FieldIssue } from "@/lib/schemas/error";
import type { PropertyOption } from "@/lib/schemas/property";
import type { RegistrationInput } from "@/lib/schemas/registration";
import { TICKET_CATEGORY_ALIASES } from "@/lib/schemas/ticket";
import type { HubSpotPipeline } from "../../hubspot/schemas";
import { describeOptions, findPipeline, findStage, normLabel } from "../pipelines";

/**
 * What a registration is checked against: the portal's pipelines, and the ticket properties'
 * options when they could be read (undefined: left to HubSpot).
 */
export interface PortalOptions {
  deals: HubSpotPipeline[];
  tickets: HubSpotPipeline[];
  ticketCategories?: PropertyOption[];
  ticketPriorities?: PropertyOption[];
}

export interface RegistrationPlan {
  email: string;
  contact: Record<string, string>;
  deals: Record<string, string>[];
  tickets: Record<string, string>[];
}

const compact = (o: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;

/** `billing` → BILLING_ISSUE; HubSpot's own option values pass through (multi-select uses `;`). */
export function mapTicketCategory(value: string): string {
  return value
    .split(";")
    .map((v) => TICKET_CATEGORY_ALIASES[v.trim().toLowerCase()] ?? v.trim().toUpperCase())
    .join(";");
}

/** An option by value (any case) or label; undefined when the portal has no such option. */
function findOption(options: PropertyOption[], given: string): PropertyOption | undefined {
  return (
    options.find((o) => o.value === given) ??
    options.find((o) => o.value.toUpperCase() === given.toUpperCase()) ??
    options.find((o) => normLabel(o.label) === normLabel(given))
  );
}

const describePropertyOptions = (options: PropertyOption[]) => describeOptions(options.map((o) => ({ id: o.value, label: o.label })));

/**
 * Each `;`-separated part of an enumeration value resolved to the portal's option values, or an
 * issue naming the field and the options. Without options the mapped value goes as it is.
 */
function resolveEnumeration(
  field: string,
  what: string,
  raw: string,
  mapped: string,
  options: PropertyOption[] | undefined,
  issues: FieldIssue[],
): string | undefined {
  if (!options?.length) return mapped;
  const parts = mapped.split(";");
  const found = parts.map((part, i) => findOption(options, part) ?? findOption(options, raw.split(";")[i]?.trim() ?? part));
  const missing = parts.filter((_, i) => !found[i]);
  if (missing.length) {
    issues.push({ field, message: `unknown ${what} ${missing.map((m) => `"${m}"`).join(", ")}; one of: ${describePropertyOptions(options)}` });
    return undefined;
  }
  return found.map((o) => o!.value).join(";");
}

/**
 * Turn the accepted payload into HubSpot properties: seed names mapped to HubSpot's
 * (`description` → `content`, `category` → `hs_ticket_category`), pipeline and stage labels
 * resolved to the portal's ids, ticket category and priority to the portal's option values.
 * Unknown pipelines, stages and options are field errors, found here instead of as a HubSpot
 * 400 after the contact was already written.
 */
export function planRegistration(input: RegistrationInput, pipelines: PortalOptions): { plan: RegistrationPlan; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const deals = input.deals.map((d, i) => {
    const pipeline = findPipeline(pipelines.deals, d.pipeline);
    if (!pipeline) {
      issues.push({ field: `deals[${i}].pipeline`, message: `unknown pipeline; one of: ${describeOptions(pipelines.deals)}` });
      return {};
    }
    const stage = findStage(pipeline, d.dealstage);
    if (!stage) {
      issues.push({ field: `deals[${i}].dealstage`, message: `unknown stage; one of: ${describeOptions(pipeline.stages)}` });
    }
    return compact({ dealname: d.dealname, amount: d.amount, closedate: d.closedate, pipeline: pipeline.id, dealstage: stage?.id });
  });
  const tickets = input.tickets.map((t, i) => {
    const pipeline = findPipeline(pipelines.tickets, t.hs_pipeline);
    if (!pipeline) {
      issues.push({ field: `tickets[${i}].hs_pipeline`, message: `unknown pipeline; one of: ${describeOptions(pipelines.tickets)}` });
      return {};
    }
    const stage = findStage(pipeline, t.hs_pipeline_stage);
    if (!stage) {
      issues.push({ field: `tickets[${i}].hs_pipeline_stage`, message: `unknown stage; one of: ${describeOptions(pipeline.stages)}` });
    }
    const categoryField = t.hs_ticket_category !== undefined ? "hs_ticket_category" : "category";
    const category = t.hs_ticket_category ?? t.category;
    return compact({
      subject: t.subject,
      content: t.content ?? t.description,
      hs_ticket_category:
        category === undefined
          ? undefined
          : resolveEnumeration(`tickets[${i}].${categoryField}`, "category", category, mapTicketCategory(category), pipelines.ticketCategories, issues),
      hs_ticket_priority:
        t.hs_ticket_priority === undefined
          ? undefined
          : resolveEnumeration(`tickets[${i}].hs_ticket_priority`, "priority", t.hs_ticket_priority, t.hs_ticket_priority, pipelines.ticketPriorities, issues),
      hs_pipeline: pipeline.id,
      hs_pipeline_stage: stage?.id,
    });
  });
  const { email, ...rest } = input.contact;
  return {
    plan: { email: email.toLowerCase(), contact: compact({ email: email.toLowerCase(), ...rest }), deals, tickets },
    issues,
  };
}
