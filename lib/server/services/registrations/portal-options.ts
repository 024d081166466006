import "server-only";
import type { FieldIssue } from "@/lib/schemas/error";
import type { CrmObjectType } from "@/lib/schemas/pagination";
import type { RegistrationInput } from "@/lib/schemas/registration";
import { AppError, validationError } from "../../errors";
import { getHubSpot } from "../../hubspot";
import type { HubSpotClient } from "../../hubspot/client";
import { getPipelines } from "../pipelines";
import { getPropertyOptions } from "../form-options";
import { findRuleIssues, warmPropertyRules } from "../property-rules";
import { planRegistration, type PortalOptions, type PropertyOption } from "./plan";

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
export async function checkAgainstPortal(client: HubSpotClient, input: RegistrationInput): Promise<FieldIssue[]> {
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
    new Promise<undefined>((r) => setTimeout(r, timeoutMs)),
  ]);
  if (issues?.length) throw validationError(issues);
}
