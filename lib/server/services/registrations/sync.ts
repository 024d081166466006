import "server-only";
import type { FieldIssue } from "@/lib/schemas/error";
import type { RegistrationInput, RegistrationResponse } from "@/lib/schemas/registration";
import { validationError } from "../../errors";
import { getHubSpot } from "../../hubspot";
import { ASSOCIATION_TYPE } from "../../hubspot/crm";
import { HubSpotError, HubSpotValidationError } from "../../hubspot/errors";
import { findRuleIssues } from "../property-rules";
import { describeRefusal } from "./classify-error";
import { createObjectsCoalesced, ItemsRefusedError, upsertContactCoalesced } from "./coalesced-writes";
import { loadPortalOptions } from "./portal-options";
import { planRegistration, type RegistrationPlan } from "./plan";
import { findNewerContactId } from "./queries";
import { markSynced, recordProgress, type Lease, type ObjectRef } from "./store";
import { ensureSyncKeyProperty, objectSyncKeys } from "./sync-key";

export const SUCCESS_MESSAGE = "Contact, Deal(s), and Ticket(s) processed successfully.";

/** One attempt's view of what HubSpot holds for its registration, recorded as it goes. */
export interface AttemptState {
  lease: Lease;
  /** {"contact": id, "deal:0": id, …}: from earlier attempts, then this one's. */
  known: Record<string, string>;
  /** Progress writes under way; the attempt waits for them before it ends. */
  recording: Promise<unknown>[];
  /** A bulk import's row: its calls queue behind every caller who waits for an answer. */
  isBackground?: boolean;
}

function record(state: AttemptState, contactId: string | undefined, refs: ObjectRef[]) {
  if (contactId) state.known.contact = contactId;
  for (const r of refs) state.known[r.slot] = r.hubspotId;
  state.recording.push(recordProgress({ id: state.lease.id, token: state.lease.token, contactId, refs }));
}

/**
 * The contact's id: recorded by an earlier attempt, else that of a newer registration for the same
 * email (a retry must not put older data over it), else upserted by email. Only retries look for a
 * newer one: the request's own attempt is the newest.
 */
async function contactStep(state: AttemptState, plan: RegistrationPlan, isRetry: boolean): Promise<string> {
  if (state.known.contact) return state.known.contact;
  const newer = isRetry ? await findNewerContactId(plan.email, state.lease.createdAt, state.lease.id) : undefined;
  const id = newer ?? (await upsertContactCoalesced({ email: plan.email, properties: plan.contact }, state.isBackground).catch(asContactFieldError));
  record(state, id, [{ slot: "contact", objectType: "contacts", hubspotId: id, label: plan.email }]);
  return id;
}

/** A property the portal requires (2026-09 write validation) is a field of the contact. */
function asContactFieldError(e: unknown): never {
  if (e instanceof HubSpotValidationError && e.propertyName) {
    throw validationError([{ field: `contact.${e.propertyName}`, message: describeRefusal(e.message, e) }], "HubSpot refused the registration.");
  }
  throw e;
}

/** Per-item refusals become field errors of this registration (`deals[1]`), not of its neighbours. */
function asFieldErrors(kind: "deals" | "tickets", keys: string[], e: ItemsRefusedError): Error {
  const unexpected = e.failures.find((f) => f.category === "UNEXPECTED_ANSWER");
  if (unexpected) return new HubSpotError({ status: 200, message: `${kind}[${keys.indexOf(unexpected.key)}]: ${unexpected.message}` });
  const issues: FieldIssue[] = e.failures.map((f) => ({
    field: `${kind}[${keys.indexOf(f.key)}]${f.propertyName ? `.${f.propertyName}` : ""}`,
    message: describeRefusal(f.message),
  }));
  return validationError(issues, "HubSpot refused part of the registration.");
}

/** Create the deals (or tickets) not yet recorded, each once (sync key), recording each as soon as HubSpot returns it. */
async function objectsStep(state: AttemptState, kind: "deal" | "ticket", email: string, raw: unknown[], planned: Record<string, string>[], contactId: string) {
  const type = kind === "deal" ? "deals" : "tickets";
  const keys = objectSyncKeys(email, kind, raw);
  const label = (i: number) => planned[i].dealname ?? planned[i].subject ?? keys[i];
  const todo = planned.map((_, i) => i).filter((i) => !state.known[`${kind}:${i}`]);
  const ref = (i: number, id: string): ObjectRef => ({ slot: `${kind}:${i}`, objectType: type, hubspotId: id, label: label(i) });
  const typeId = kind === "deal" ? ASSOCIATION_TYPE.dealToContact : ASSOCIATION_TYPE.ticketToContact;
  const associations = [{ to: { id: contactId }, types: [{ associationCategory: "HUBSPOT_DEFINED" as const, associationTypeId: typeId }] }];
  try {
    const ids = await createObjectsCoalesced(type, todo.map((i) => ({ key: keys[i], properties: planned[i], associations })), state.isBackground);
    if (todo.length) record(state, undefined, todo.map((i, n) => ref(i, ids[n])));
  } catch (e) {
    if (!(e instanceof ItemsRefusedError)) throw e;
    const created = todo.filter((i) => e.created.has(keys[i]));
    if (created.length) record(state, undefined, created.map((i) => ref(i, e.created.get(keys[i])!)));
    throw asFieldErrors(type, keys, e);
  }
}

/** Both settled; the first failure thrown, with every refused field when both were refusals. */
async function bothSettled(steps: Promise<void>[]) {
  const failures = (await Promise.allSettled(steps)).flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  if (!failures.length) return;
  const issues = failures.flatMap((f) => (f?.extra?.details as FieldIssue[] | undefined) ?? []);
  if (failures.length > 1 && issues.length && failures.every((f) => f?.code === "VALIDATION_ERROR")) {
    throw validationError(issues, "HubSpot refused part of the registration.");
  }
  throw failures[0];
}

const idsOf = (known: Record<string, string>, kind: string, n: number) => Array.from({ length: n }, (_, i) => known[`${kind}:${i}`]);

/**
 * Push one stored registration to HubSpot: contact upserted by email, deals and tickets created
 * once each (sync keys from what the caller sent) with their association to the contact inline.
 * Every step is recorded as HubSpot returns it and skipped by a later attempt. Three HubSpot
 * calls at most, shared with every registration in flight.
 */
export async function syncRegistration(state: AttemptState, input: RegistrationInput, isRetry: boolean): Promise<RegistrationResponse> {
  const client = getHubSpot();
  const { plan, issues } = planRegistration(input, await loadPortalOptions(client, input));
  if (issues.length) throw validationError(issues);
  // The portal's published property rules, checked before any record is written.
  const [ruleIssues] = await Promise.all([
    findRuleIssues(client, plan),
    plan.deals.length && ensureSyncKeyProperty(client, "deals"),
    plan.tickets.length && ensureSyncKeyProperty(client, "tickets"),
  ]);
  if (ruleIssues.length) throw validationError(ruleIssues);

  const contactId = await contactStep(state, plan, isRetry);
  await bothSettled([
    objectsStep(state, "deal", plan.email, input.deals, plan.deals, contactId),
    objectsStep(state, "ticket", plan.email, input.tickets, plan.tickets, contactId),
  ]);
  await Promise.all(state.recording);

  const dealIds = idsOf(state.known, "deal", plan.deals.length);
  const ticketIds = idsOf(state.known, "ticket", plan.tickets.length);
  const refs: ObjectRef[] = [
    { slot: "contact", objectType: "contacts", hubspotId: contactId, label: plan.email },
    ...dealIds.map((id, i) => ({ slot: `deal:${i}`, objectType: "deals", hubspotId: id, label: plan.deals[i].dealname })),
    ...ticketIds.map((id, i) => ({ slot: `ticket:${i}`, objectType: "tickets", hubspotId: id, label: plan.tickets[i].subject })),
  ];
  await markSynced({ id: state.lease.id, token: state.lease.token, contactId, dealIds, ticketIds, refs });
  return { success: true, message: SUCCESS_MESSAGE, contact_id: contactId, deal_ids: dealIds, ticket_ids: ticketIds };
}
