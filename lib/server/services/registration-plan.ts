import "server-only";
import type { FieldIssue } from "@/lib/schemas/error";
import type { RegistrationInput } from "@/lib/schemas/registration";
import { TICKET_CATEGORY_ALIASES } from "@/lib/schemas/ticket";
import type { Pipeline } from "../hubspot/schemas";
import { describeOptions, findPipeline, findStage } from "./pipelines";

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

/**
 * Turn the accepted payload into HubSpot properties: seed names mapped to HubSpot's
 * (`description` → `content`, `category` → `hs_ticket_category`), pipeline and stage labels
 * resolved to the portal's ids. Unknown pipelines or stages are field errors, found here
 * instead of as a HubSpot 400 after the contact was already written.
 */
export function planRegistration(
  input: RegistrationInput,
  pipelines: { deals: Pipeline[]; tickets: Pipeline[] },
): { plan: RegistrationPlan; issues: FieldIssue[] } {
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
    const category = t.hs_ticket_category ?? t.category;
    return compact({
      subject: t.subject,
      content: t.content ?? t.description,
      hs_ticket_category: category === undefined ? undefined : mapTicketCategory(category),
      hs_ticket_priority: t.hs_ticket_priority,
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
