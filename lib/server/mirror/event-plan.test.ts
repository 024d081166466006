import { describe, expect, it } from "vitest";
import { mergeOf, planEvents, type StoredEvent } from "./event-plan";

let seq = 0;
const event = (subscriptionType: string, objectId: string, at: number, payload: Record<string, unknown> = {}): StoredEvent => ({
  id: String(++seq),
  subscriptionType,
  objectType: subscriptionType.startsWith("deal") ? "deals" : "contacts",
  objectId,
  occurredAt: new Date(at),
  payload,
});

describe("planEvents", () => {
  it("orders each object's events by time, creation before change before deletion at the same instant", () => {
    const plan = planEvents([
      event("contact.deletion", "1", 100),
      event("contact.propertyChange", "1", 100),
      event("contact.creation", "1", 100),
      event("contact.deletion", "2", 50),
      event("contact.creation", "2", 60),
    ]);
    expect(plan.gone.contacts).toEqual([{ id: "1", at: new Date(100) }]);
    // Created again after its deletion (a restore): read it.
    expect([...plan.read.contacts.keys()]).toEqual(["2"]);
  });

  it("reads the survivor of a merge and marks the merged records, by either reading of newObjectId", () => {
    const plan = planEvents([event("contact.merge", "10", 5, { primaryObjectId: 10, mergedObjectIds: [11, 12] })]);
    expect(plan.gone.contacts).toEqual([
      { id: "11", at: new Date(5), into: "10" },
      { id: "12", at: new Date(5), into: "10" },
    ]);
    expect([...plan.read.contacts.keys()]).toEqual(["10"]);
    expect(plan.skippable.size).toBe(0);
    expect(mergeOf(event("contact.merge", "10", 5, { primaryObjectId: 10, mergedObjectIds: [11], newObjectId: 99 }))).toEqual({
      survivor: "99",
      merged: ["11", "10"],
    });
  });

  it("keeps a merged record merged when HubSpot reports it deleted too", () => {
    const plan = planEvents([event("contact.merge", "10", 5, { primaryObjectId: 10, mergedObjectIds: [11] }), event("contact.deletion", "11", 5)]);
    expect(plan.gone.contacts).toEqual([{ id: "11", at: new Date(5), into: "10" }]);
  });

  it("makes a privacy deletion final, whatever follows it", () => {
    const plan = planEvents([event("contact.privacyDeletion", "7", 1), event("contact.propertyChange", "7", 2)]);
    expect([...plan.privacy.keys()]).toEqual(["7"]);
    expect(plan.read.contacts.size).toBe(0);
    expect(plan.gone.contacts).toEqual([]);
  });

  it("reads generic object.* events of their type and the from-object of association changes", () => {
    const generic = { ...event("object.propertyChange", "55", 1), objectType: "deals" as const };
    const association = event("contact.associationChange", "8", 1, { fromObjectId: 8, toObjectId: 2000001 });
    const plan = planEvents([generic, association]);
    expect([...plan.read.deals.keys()]).toEqual(["55"]);
    expect([...plan.read.contacts.keys()]).toEqual(["8"]);
    expect(plan.skippable.has("contacts/8")).toBe(false);
  });
});
