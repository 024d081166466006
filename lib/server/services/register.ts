import "server-only";
import { createHash } from "node:crypto";
import type { FieldIssue } from "@/lib/schemas/error";
import type { RegistrationInput, RegistrationResponse } from "@/lib/schemas/registration";
import { db } from "../db";
import { AppError, validationError } from "../errors";
import { getHubSpot } from "../hubspot";
import type { HubSpotClient } from "../hubspot/client";
import { ASSOCIATION_TYPE, batchUpsert } from "../hubspot/crm";
import { HubSpotValidationError } from "../hubspot/errors";
import { createKeyedObjects, type KeyedResult } from "./create-keyed-objects";
import { getPipelines } from "./pipelines";
import { planRegistration, type RegistrationPlan } from "./registration-plan";
import { ensureSyncKeyProperty } from "./sync-key";

export const SUCCESS_MESSAGE = "Contact, Deal(s), and Ticket(s) processed successfully.";

export const hashPayload = (input: unknown) => createHash("sha256").update(JSON.stringify(input)).digest("hex");

async function upsertContact(client: HubSpotClient, plan: RegistrationPlan): Promise<string> {
  const res = await batchUpsert(client, "contacts", "email", [{ id: plan.email, properties: plan.contact }]);
  const id = res.data.results[0]?.id;
  if (!id) {
    const err = res.data.errors[0];
    throw new HubSpotValidationError({ status: 400, message: err?.message ?? "HubSpot did not return the contact", category: err?.category });
  }
  return id;
}

function keyedIds(result: KeyedResult, keys: string[], kind: "deals" | "tickets"): string[] {
  const issues: FieldIssue[] = result.failures.map((f) => ({
    field: `${kind}[${keys.indexOf(f.key)}]`,
    message: `HubSpot refused it: ${f.message}`,
  }));
  if (issues.length) throw validationError(issues, "HubSpot refused part of the registration.");
  return keys.map((k) => result.ids.get(k)!);
}

/**
 * Push one stored registration to HubSpot: contact upserted by email, deals and tickets created
 * once each (keyed by registration id and position) with their association to the contact inline.
 * Three HubSpot calls in all. Safe to run again for the same registration.
 */
export async function syncRegistration(registrationId: string, input: RegistrationInput): Promise<RegistrationResponse> {
  const client = getHubSpot();
  const [deals, tickets] = await Promise.all([
    input.deals.length ? getPipelines(client, "deals") : [],
    input.tickets.length ? getPipelines(client, "tickets") : [],
  ]);
  const { plan, issues } = planRegistration(input, { deals, tickets });
  if (issues.length) throw validationError(issues);
  await Promise.all([
    plan.deals.length && ensureSyncKeyProperty(client, "deals"),
    plan.tickets.length && ensureSyncKeyProperty(client, "tickets"),
  ]);

  const contactId = await upsertContact(client, plan);
  const dealKeys = plan.deals.map((_, i) => `${registrationId}:deal:${i}`);
  const ticketKeys = plan.tickets.map((_, i) => `${registrationId}:ticket:${i}`);
  const toContact = (typeId: number) => [
    { to: { id: contactId }, types: [{ associationCategory: "HUBSPOT_DEFINED" as const, associationTypeId: typeId }] },
  ];
  const [dealResult, ticketResult] = await Promise.all([
    plan.deals.length
      ? createKeyedObjects(client, "deals", plan.deals.map((p, i) => ({ key: dealKeys[i], properties: p, associations: toContact(ASSOCIATION_TYPE.dealToContact) })))
      : { ids: new Map(), failures: [] },
    plan.tickets.length
      ? createKeyedObjects(client, "tickets", plan.tickets.map((p, i) => ({ key: ticketKeys[i], properties: p, associations: toContact(ASSOCIATION_TYPE.ticketToContact) })))
      : { ids: new Map(), failures: [] },
  ]);
  const dealIds = keyedIds(dealResult, dealKeys, "deals");
  const ticketIds = keyedIds(ticketResult, ticketKeys, "tickets");

  const refs = [
    { objectType: "contacts", hubspotId: contactId, label: plan.email },
    ...dealIds.map((id, i) => ({ objectType: "deals", hubspotId: id, label: plan.deals[i].dealname })),
    ...ticketIds.map((id, i) => ({ objectType: "tickets", hubspotId: id, label: plan.tickets[i].subject })),
  ];
  await db.$transaction([
    db.crmObjectRef.createMany({ data: refs.map((r) => ({ ...r, registrationId })), skipDuplicates: true }),
    db.registration.update({
      where: { id: registrationId },
      data: { status: "synced", contactId, dealIds, ticketIds, syncedAt: new Date(), lastError: null, attempts: { increment: 1 } },
    }),
  ]);
  return { success: true, message: SUCCESS_MESSAGE, contact_id: contactId, deal_ids: dealIds, ticket_ids: ticketIds };
}

/** Store the registration first (nothing accepted is lost), then sync it. */
export async function registerContact({ input }: { input: RegistrationInput }): Promise<RegistrationResponse> {
  const registration = await db.registration.create({
    data: { payload: input as object, requestHash: hashPayload(input), status: "pending" },
  });
  try {
    return await syncRegistration(registration.id, input);
  } catch (e) {
    const isInputProblem = e instanceof AppError && e.code === "VALIDATION_ERROR";
    await db.registration.update({
      where: { id: registration.id },
      data: {
        status: isInputProblem ? "failed" : "pending",
        lastError: e instanceof Error ? e.message.slice(0, 1000) : String(e),
        attempts: { increment: 1 },
      },
    });
    if (e instanceof HubSpotValidationError) {
      throw validationError([{ field: "(body)", message: `HubSpot refused it: ${e.message}` }], "HubSpot refused the registration.");
    }
    throw e;
  }
}
