import "server-only";
import type { RegistrationInput } from "@/lib/schemas/registration";
import { AppError, validationError } from "../../errors";
import { getHubSpot } from "../../hubspot";
import type { HubSpotClient } from "../../hubspot/client";
import { getPipelines } from "../pipelines";
import { getPropertyOptions } from "../form-options";
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

/**
 * Refuse unknown pipelines, stages and ticket options before anything is stored, when the portal's
 * pipelines and options can be read quickly (they are cached); if HubSpot is unreachable the check
 * waits for the sync, which makes it before writing anything.
 */
export async function precheckRegistration(input: RegistrationInput, timeoutMs: number): Promise<void> {
  if (!input.deals.length && !input.tickets.length) return;
  const pipelines = await Promise.race([
    loadPortalOptions(getHubSpot(), input).catch(() => undefined),
    new Promise<undefined>((r) => setTimeout(r, timeoutMs)),
  ]);
  if (!pipelines) return;
  const { issues } = planRegistration(input, pipelines);
  if (issues.length) throw validationError(issues);
}
