import "server-only";
import { sleep } from "@/lib/runtime/sleep";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { FieldIssue } from "@/lib/schemas/error";
import type { PropertyOption } from "@/lib/schemas/property";
import type { RegistrationInput } from "@/lib/schemas/registration";
import { AppError, validationError } from "../../errors";
import { getHubSpot } from "../../hubspot";
import type { HubSpotClient } from "../../hubspot/client";
import { getPipelines } from "../pipelines";
import { getPropertyOptions } from "../form-options";
import { checkPlan, findRuleIssues, getPropertyRules, warmPropertyRules } from "../property-rules";
import { planRegistration, type PortalOptions } from "./plan";

/** A ticket property's options; undefined when the portal has no such property (HubSpot decides). */
async function ticketOptions(propertyName: string): Promise<PropertyOption[] | undefined> {
  try {
    return (await getPropertyOptions({ objectType: "tickets", propertyName })).options;
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return undefined;
    throw e;
  }
}

/** The portal's pipelines and ticket options this registration needs (cached reads, 10 minutes). */
export async function loadPortalOptions(client: HubSpotClient, input: RegistrationInput): Promise<PortalOptions> {
  const hasTickets = input.tickets.length > 0;
  const [deals, tickets, ticketCategories, ticketPriorities] = await Promise.all([
    input.deals.length ? getPipelines(client, "deals") : [],
    hasTickets ? getPipelines(client, "tickets") : [],
    hasTickets && input.tickets.some((t) => (t.hs_ticket_category ?? t.category) !== undefined) ? ticketOptions("hs_ticket_category") : undefined,
    hasTickets && input.tickets.some((t) => t.hs_ticket_priority !== undefined) ? ticketOptions("hs_ticket_priority") : undefined,
  ]);
  return { deals, tickets, ticketCategories, ticketPriorities };
}

/** The types whose property validation rules a registration is checked against. */
const ruleTypesOf = (input: RegistrationInput): CrmObjectType[] => [
  "contacts",
  ...(input.deals.length ? (["deals"] as const) : []),
  ...(input.tickets.length ? (["tickets"] as const) : []),
];

/** Pipelines and options, then the property validation rules the portal publishes. */
async function checkAgainstPortal(client: HubSpotClient, input: RegistrationInput): Promise<FieldIssue[]> {
  warmPropertyRules(client, ruleTypesOf(input)); // read alongside the pipelines and options
  const { plan, issues } = planRegistration(input, await loadPortalOptions(client, input));
  return issues.length ? issues : findRuleIssues(client, plan);
}

/**
 * Refuse unknown pipelines, stages, ticket options and values the portal's published property
 * rules refuse, before anything is stored, when they can be read quickly (they are cached); if
 * HubSpot is unreachable the check waits for the sync, which makes it before writing anything.
 */
export async function precheckRegistration(input: RegistrationInput, timeoutMs: number): Promise<void> {
  const issues = await Promise.race([
    checkAgainstPortal(getHubSpot(), input).catch(() => undefined),
    sleep(timeoutMs).then(() => undefined),
  ]);
  if (issues?.length) throw validationError(issues);
}

/** A registration with every part the portal checks read facts for (deals, tickets, category, priority). */
const EVERY_PART = {
  contact: { email: "portal-facts@example.com" },
  deals: [{ dealname: "-" }],
  tickets: [{ subject: "-", category: "-", hs_ticket_priority: "LOW" }],
} as RegistrationInput;

/**
 * The checks of `checkAgainstPortal` for many registrations (a bulk import): the pipelines, ticket
 * options and property rules are read once (cached reads), then each registration is checked at once.
 */
export async function loadPortalChecker(client: HubSpotClient): Promise<(input: RegistrationInput) => FieldIssue[]> {
  const [options, contactRules, dealRules, ticketRules] = await Promise.all([
    loadPortalOptions(client, EVERY_PART),
    getPropertyRules(client, "contacts"),
    getPropertyRules(client, "deals"),
    getPropertyRules(client, "tickets"),
  ]);
  const hasRules = [contactRules, dealRules, ticketRules].some((r) => Object.keys(r).length > 0);
  // Without property rules only the pipelines, stages and ticket options matter, and a file repeats
  // a few combinations of them: each combination is planned once.
  const byChoices = new Map<string, FieldIssue[]>();
  return (input) => {
    if (hasRules) {
      const { plan, issues } = planRegistration(input, options);
      return issues.length ? issues : checkPlan(plan, contactRules, dealRules, ticketRules);
    }
    const key = JSON.stringify([
      input.deals.map((d) => [d.pipeline, d.dealstage]),
      input.tickets.map((t) => [t.hs_pipeline, t.hs_pipeline_stage, t.category, t.hs_ticket_category, t.hs_ticket_priority]),
    ]);
    let issues = byChoices.get(key);
    if (!issues) {
      issues = planRegistration(input, options).issues;
      if (byChoices.size < 10_000) byChoices.set(key, issues);
    }
    return issues;
  };
}
