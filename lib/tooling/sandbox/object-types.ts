import { hubspotError } from "./http";

export const OBJECT_TYPES = ["contacts", "deals", "tickets"] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

interface TypeInfo {
  typeId: string;
  singular: string;
  /** Upper-case name HubSpot uses in some batch error messages ("Could not get some CONTACT objects"). */
  upper: string;
  /** First id handed out; distinct ranges make a contact id never look like a deal id. */
  firstId: number;
}

export const TYPE_INFO: Record<ObjectType, TypeInfo> = {
  contacts: { typeId: "0-1", singular: "contact", upper: "CONTACT", firstId: 1001 },
  deals: { typeId: "0-3", singular: "deal", upper: "DEAL", firstId: 2_000_001 },
  tickets: { typeId: "0-5", singular: "ticket", upper: "TICKET", firstId: 3_000_001 },
};

/** Accepts `contacts`, `contact`, `0-1` (any case); returns undefined for other object types. */
export function findObjectType(name: string): ObjectType | undefined {
  const lower = name.toLowerCase();
  return OBJECT_TYPES.find(
    (type) => type === lower || TYPE_INFO[type].singular === lower || TYPE_INFO[type].typeId === lower,
  );
}

/** Same as `findObjectType` but answers 400 like HubSpot does for an unknown type. */
export function requireObjectType(name: string): ObjectType {
  const type = findObjectType(name);
  if (!type) throw hubspotError(400, "VALIDATION_ERROR", `Unable to infer object type from: ${name}`);
  return type;
}
