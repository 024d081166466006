import type { CrmObjectType } from "@/lib/schemas/constants";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";

/** HubSpot's object type ids, used in record URLs. */
const TYPE_IDS: Record<CrmObjectType, string> = { contacts: "0-1", deals: "0-3", tickets: "0-5" };

export function recordUrl(target: RecordLinkTarget, type: CrmObjectType, id: string): string {
  if (target.kind === "local") return `/hubspot/${type}/${encodeURIComponent(id)}`;
  return `${target.appUrl}/contacts/${target.portalId}/record/${TYPE_IDS[type]}/${encodeURIComponent(id)}`;
}

export const isExternal = (target: RecordLinkTarget) => target.kind === "hubspot";
