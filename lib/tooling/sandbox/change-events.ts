/*
 * What HubSpot tells subscribed apps when a record changes: one event per creation, changed
 * property, deletion, merge and privacy deletion, in HubSpot's per-object shape
 * (`contact.propertyChange`) or its generic one (`object.propertyChange` + `objectTypeId`),
 * handed to the sender (webhooks.ts). Changes made by staff through the control API say
 * `changeSource: "CRM_UI"`, changes through the CRM API `"API"`.
 */
import { TYPE_INFO, type ObjectType } from "./object-types";
import type { SandboxState } from "./state";
import { enqueue } from "./webhooks";

export type ChangeKind = "creation" | "propertyChange" | "deletion" | "merge" | "privacyDeletion";

/** The sandbox app's id in events (HubSpot's `appId`). */
const APP_ID = 4_242_424;
const SUBSCRIPTION_BASE: Record<ChangeKind, number> = { creation: 100, propertyChange: 200, deletion: 300, merge: 400, privacyDeletion: 500 };
/** Never announced as property changes: HubSpot sets them on every write. */
const SYSTEM_PROPERTIES = new Set(["hs_object_id", "createdate", "lastmodifieddate", "hs_lastmodifieddate"]);

export function emitChange(state: SandboxState, type: ObjectType, objectId: string, kind: ChangeKind, extra: Record<string, unknown> = {}): void {
  const config = state.config.webhooks;
  if (!config.targetUrl) return;
  // HubSpot has no generic form of the privacy deletion: it is always `contact.privacyDeletion`.
  const generic = config.format === "generic" && kind !== "privacyDeletion";
  const typeIndex = Object.keys(TYPE_INFO).indexOf(type);
  enqueue(
    // The configuration as it is when the batch leaves (a flush timer may outlive a config change).
    { get config() { return state.config.webhooks; }, secret: state.config.clientSecret, runtime: state.webhooks },
    {
      subscriptionId: SUBSCRIPTION_BASE[kind] + typeIndex,
      portalId: state.config.portalId,
      appId: APP_ID,
      occurredAt: Date.now(),
      subscriptionType: generic ? `object.${kind}` : `${TYPE_INFO[type].singular}.${kind}`,
      ...(generic ? { objectTypeId: TYPE_INFO[type].typeId } : {}),
      attemptNumber: 0,
      objectId: Number(objectId),
      changeSource: state.changeSource,
      ...(kind === "creation" ? { changeFlag: "CREATED" } : kind === "deletion" ? { changeFlag: "DELETED" } : {}),
      ...extra,
    },
  );
}

/** One `propertyChange` event per property whose value changed. */
export function emitPropertyChanges(state: SandboxState, type: ObjectType, objectId: string, before: Record<string, string>, after: Record<string, string>) {
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (SYSTEM_PROPERTIES.has(name) || before[name] === after[name]) continue;
    emitChange(state, type, objectId, "propertyChange", { propertyName: name, propertyValue: after[name] ?? "" });
  }
}
