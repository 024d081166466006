import "server-only";
import type { FieldIssue } from "@/lib/schemas/error";
import type { CrmObjectType } from "@/lib/schemas/pagination";
import type { RegistrationInput, RegistrationResponse } from "@/lib/schemas/registration";
import { db } from "../db";
import { AppError, validationError } from "../errors";
import { getHubSpot } from "../hubspot";
import type { HubSpotClient } from "../hubspot/client";
import { ASSOCIATION_TYPE } from "../hubspot/crm";
import { HubSpotValidationError } from "../hubspot/errors";
import { env } from "../env";
import { logger } from "../logger";
import { enqueueSync } from "../queue";
import { createObjectsCoalesced, ItemsRefusedError, upsertContactCoalesced } from "./coalesced-writes";
import { getPipelines } from "./pipelines";
import { getPropertyOptions } from "./form-options";
import { findRuleIssues, warmPropertyRules } from "./property-rules";
import { planRegistration, type PortalOptions, type PropertyOption } from "./registration-plan";
import { markSynced } from "./registration-store";
import { ensureSyncKeyProperty } from "./sync-key";

export const SUCCESS_MESSAGE = "Contact, Deal(s), and Ticket(s) processed successfully.";

/** Per-item refusals become field errors of this registration (`deals[1]`), not of its neighbours. */
async function refusedAsFieldErrors<T>(kind: "deals" | "tickets", keys: string[], work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (!(e instanceof ItemsRefusedError)) throw e;
    const issues: FieldIssue[] = e.failures.map((f) => ({
      field: `${kind}[${keys.indexOf(f.key)}]${f.propertyName ? `.${f.propertyName}` : ""}`,
      message: `HubSpot refused it: ${f.message}`,
    }));
    throw validationError(issues, "HubSpot refused part of the registration.");
  }
}

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
async function loadPortalOptions(client: HubSpotClient, input: RegistrationInput): Promise<PortalOptions> {
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

/**
 * Refuse unknown pipelines, stages and ticket options before anything is stored, when the portal's
 * pipelines and options can be read quickly (they are cached); if HubSpot is unreachable the check
 * waits for the sync, which makes it before writing anything.
 */
export async function precheckRegistration(input: RegistrationInput, timeoutMs: number): Promise<void> {
  const issues = await Promise.race([
    checkAgainstPortal(getHubSpot(), input).catch(() => undefined),
    new Promise<undefined>((r) => setTimeout(r, timeoutMs)),
  ]);
  if (issues?.length) throw validationError(issues);
}

/** Pipelines and options, then the property validation rules the portal publishes. */
async function checkAgainstPortal(client: HubSpotClient, input: RegistrationInput): Promise<FieldIssue[]> {
  warmPropertyRules(client, ruleTypesOf(input)); // read alongside the pipelines and options
  const { plan, issues } = planRegistration(input, await loadPortalOptions(client, input));
  return issues.length ? issues : findRuleIssues(client, plan);
}

/**
 * Push one stored registration to HubSpot: contact upserted by email, deals and tickets created
 * once each (keyed by registration id and position) with their association to the contact inline.
 * Three HubSpot calls at most, shared with every registration in flight. Safe to run again.
 */
export async function syncRegistration(registrationId: string, input: RegistrationInput): Promise<RegistrationResponse> {
  const client = getHubSpot();
  const { plan, issues } = planRegistration(input, await loadPortalOptions(client, input));
  if (issues.length) throw validationError(issues);
  // The portal's published rules, checked before any record is written.
  const [ruleIssues] = await Promise.all([
    findRuleIssues(client, plan),
    plan.deals.length && ensureSyncKeyProperty(client, "deals"),
    plan.tickets.length && ensureSyncKeyProperty(client, "tickets"),
  ]);
  if (ruleIssues.length) throw validationError(ruleIssues);

  const contactId = await upsertContactCoalesced({ email: plan.email, properties: plan.contact }).catch((e: unknown) => {
    // A property the portal requires (2026-09 write validation) is a field of the contact.
    if (e instanceof HubSpotValidationError && e.propertyName) {
      throw validationError([{ field: `contact.${e.propertyName}`, message: `HubSpot refused it: ${e.message}` }], "HubSpot refused the registration.");
    }
    throw e;
  });
  const dealKeys = plan.deals.map((_, i) => `${registrationId}:deal:${i}`);
  const ticketKeys = plan.tickets.map((_, i) => `${registrationId}:ticket:${i}`);
  const toContact = (typeId: number) => [
    { to: { id: contactId }, types: [{ associationCategory: "HUBSPOT_DEFINED" as const, associationTypeId: typeId }] },
  ];
  const [dealIds, ticketIds] = await Promise.all([
    refusedAsFieldErrors(
      "deals",
      dealKeys,
      createObjectsCoalesced("deals", plan.deals.map((p, i) => ({ key: dealKeys[i], properties: p, associations: toContact(ASSOCIATION_TYPE.dealToContact) }))),
    ),
    refusedAsFieldErrors(
      "tickets",
      ticketKeys,
      createObjectsCoalesced("tickets", plan.tickets.map((p, i) => ({ key: ticketKeys[i], properties: p, associations: toContact(ASSOCIATION_TYPE.ticketToContact) }))),
    ),
  ]);

  const refs = [
    { objectType: "contacts", hubspotId: contactId, label: plan.email },
    ...dealIds.map((id, i) => ({ objectType: "deals", hubspotId: id, label: plan.deals[i].dealname })),
    ...ticketIds.map((id, i) => ({ objectType: "tickets", hubspotId: id, label: plan.tickets[i].subject })),
  ];
  await markSynced({ id: registrationId, contactId, dealIds, ticketIds, refs });
  return { success: true, message: SUCCESS_MESSAGE, contact_id: contactId, deal_ids: dealIds, ticket_ids: ticketIds };
}

export type SyncOutcome =
  | { kind: "synced"; response: RegistrationResponse }
  | { kind: "failed"; error: AppError }
  | { kind: "pending"; error: unknown };

/** Background attempts back off exponentially (with jitter) up to SYNC_MAX_BACKOFF_SECONDS. */
export function backoffSeconds(attempts: number): number {
  const ceiling = Math.min(env.SYNC_MAX_BACKOFF_SECONDS, 2 * 2 ** Math.min(attempts - 1, 20));
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

function asInputProblem(e: unknown): AppError | undefined {
  if (e instanceof AppError && e.code === "VALIDATION_ERROR") return e;
  if (e instanceof HubSpotValidationError) {
    // 2026-09 write validation names the property the portal requires (`context.propertyName`).
    const field = e.propertyName ?? "(body)";
    return validationError([{ field, message: `HubSpot refused it: ${e.message}` }], "HubSpot refused the registration.");
  }
  return undefined;
}

/**
 * One attempt, with its bookkeeping; never throws. Synced: the row holds the ids. Refused input:
 * the row is failed with the reason. Anything else (outage, rate limit, lost connection): the row
 * stays pending, is released, and a background job is queued after a backoff.
 */
export async function runSyncAttempt(registrationId: string, input: RegistrationInput): Promise<SyncOutcome> {
  try {
    return { kind: "synced", response: await syncRegistration(registrationId, input) };
  } catch (e) {
    const reason = e instanceof Error ? e.message.slice(0, 1000) : String(e);
    const problem = asInputProblem(e);
    try {
      if (problem) {
        const details = problem.extra.details?.map((d) => `${d.field}: ${d.message}`).join("; ");
        await db.registration.update({
          where: { id: registrationId },
          data: { status: "failed", lastError: details || reason, attempts: { increment: 1 }, lockedUntil: null },
        });
        return { kind: "failed", error: problem };
      }
      const row = await db.registration.update({
        where: { id: registrationId },
        data: { lastError: reason, attempts: { increment: 1 }, lockedUntil: null },
      });
      const delay = backoffSeconds(row.attempts);
      await db.registration.update({ where: { id: registrationId }, data: { nextAttemptAt: new Date(Date.now() + delay * 1000) } });
      await enqueueSync(registrationId, delay);
    } catch (bookkeeping) {
      // The row is still pending; the worker's sweep finds it once its lease runs out.
      logger.error({ err: bookkeeping, registrationId }, "could not record a failed sync attempt");
    }
    return { kind: "pending", error: e };
  }
}
