import "server-only";
import type { CrmObjectType, MirrorSortKey } from "@/lib/schemas/constants";
import { LIST_PROPERTIES } from "../services/crm-objects";

/** The table of each mirrored type (prisma/migrations/…_mirror). */
export const MIRROR_TABLE: Record<CrmObjectType, string> = { contacts: "mirror_contact", deals: "mirror_deal", tickets: "mirror_ticket" };

/** HubSpot's last-modified property, which the catch-up searches by (contacts name it differently). */
export const MODIFIED_PROPERTY: Record<CrmObjectType, string> = {
  contacts: "lastmodifieddate",
  deals: "hs_lastmodifieddate",
  tickets: "hs_lastmodifieddate",
};

/** Ids merged into a record (`a;b`): how the catch-up learns of merges whose webhooks were lost. */
export const MERGED_IDS_PROPERTY = "hs_merged_object_ids";

/** What the mirror keeps of each object: the tables' and the register flow's properties. */
export const MIRRORED_PROPERTIES: Record<CrmObjectType, readonly string[]> = LIST_PROPERTIES;

/** What the mirror reads: the mirrored properties, the modified time and the merge trail. */
export const readProperties = (type: CrmObjectType) => [...MIRRORED_PROPERTIES[type], MODIFIED_PROPERTY[type], MERGED_IDS_PROPERTY];

/** The other side of the associations the mirror keeps: a contact's deals and tickets. */
export const ASSOCIATED_TYPES: Record<CrmObjectType, CrmObjectType[]> = {
  contacts: ["deals", "tickets"],
  deals: ["contacts"],
  tickets: ["contacts"],
};

/**
 * Sortable columns per type (the tables' shown columns) → the indexed column that orders them
 * (always followed by the id, which makes the keyset unique).
 */
export const SORT_COLUMNS: { [T in CrmObjectType]: Record<MirrorSortKey<T>, string> } = {
  contacts: { id: "id", email: "sort_email", name: "sort_name", phone: "sort_phone", created: "created_at" },
  deals: { id: "id", dealname: "sort_dealname", amount: "sort_amount", stage: "sort_stage", created: "created_at" },
  tickets: { id: "id", subject: "sort_subject", priority: "sort_priority", category: "sort_category", stage: "sort_stage", created: "created_at" },
};

/** HubSpot ids are numeric strings; the mirror keys rows by the number. */
export const isHubSpotId = (id: string) => /^\d{1,18}$/.test(id);
