/**
 * The columns a bulk import understands: the registration's own field names, one contact per row
 * with at most one deal and one ticket. Plain values without zod, so the import page's preview and
 * automatic mapping cost no schema download; the server builds each row with the same functions.
 */
export const IMPORT_FIELDS = {
  contact: ["email", "firstname", "lastname", "phone"],
  deal: ["dealname", "amount", "dealstage", "pipeline", "closedate"],
  ticket: ["subject", "description", "category", "hs_ticket_priority", "hs_pipeline", "hs_pipeline_stage"],
} as const;

export type ImportKind = keyof typeof IMPORT_FIELDS;
export type ImportField = (typeof IMPORT_FIELDS)[ImportKind][number];
export const IMPORT_FIELD_NAMES = Object.values(IMPORT_FIELDS).flat() as ImportField[];

/** Column header → field, or null for a column left out. */
export type ImportMapping = Record<string, ImportField | null>;

/** At most this many data rows, and this many bytes, per file. */
export const MAX_IMPORT_ROWS = 100_000;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const DELIMITERS = [",", ";", "\t"] as const;

/** The separator of the first line, outside quotes: `;` (European spreadsheets), tab or `,`. */
export function detectDelimiter(head: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  const [best, n] = [...counts].reduce((b, c) => (c[1] > b[1] ? c : b));
  return n > 0 ? best : ",";
}

/** `First Name`, `first_name` and `FIRSTNAME` all read as `firstname`. */
const normalize = (header: string) => header.toLowerCase().replace(/[\s_\-.]+/g, "");

/** The kind a field belongs to (contact, deal, ticket). */
export const kindOf = (field: ImportField): ImportKind =>
  (Object.keys(IMPORT_FIELDS) as ImportKind[]).find((k) => (IMPORT_FIELDS[k] as readonly string[]).includes(field))!;

/**
 * The automatic mapping: a header that is a field's name (ignoring case, spaces, `_`, `-`, `.`)
 * maps to it, once; every other column is left out. `overrides` (the caller's mapping) win.
 */
export function autoMapping(headers: string[], overrides: ImportMapping = {}): ImportMapping {
  const taken = new Set(Object.values(overrides).filter(Boolean));
  const mapping: ImportMapping = {};
  for (const header of headers) {
    if (header in overrides) {
      mapping[header] = overrides[header];
      continue;
    }
    const field = IMPORT_FIELD_NAMES.find((f) => normalize(f) === normalize(header)) ?? null;
    mapping[header] = field && !taken.has(field) ? field : null;
    if (field) taken.add(field);
  }
  return mapping;
}

/**
 * What is wrong with a mapping, or undefined: the caller's `overrides` name only the file's columns,
 * one field per column at most, and the email mapped.
 */
export function mappingProblem(headers: string[], mapping: ImportMapping, overrides: ImportMapping = {}): string | undefined {
  const unknown = Object.keys(overrides).find((h) => !headers.includes(h));
  if (unknown !== undefined) return `the mapping names a column "${unknown}" that the file does not have`;
  const seen = new Map<string, string>();
  for (const [header, field] of Object.entries(mapping)) {
    if (!field) continue;
    if (seen.has(field)) return `columns "${seen.get(field)}" and "${header}" both map to ${field}`;
    seen.set(field, header);
  }
  if (!seen.has("email")) return "no column maps to email (each row's contact is found by its email)";
  return undefined;
}

/**
 * The registration a row stands for, before validation: the contact, one deal when any deal column
 * has a value, one ticket likewise. Empty cells are left out, so optional fields stay optional.
 */
export function rowToRegistration(headers: string[], values: string[], mapping: ImportMapping) {
  const parts: Record<ImportKind, Record<string, string>> = { contact: {}, deal: {}, ticket: {} };
  headers.forEach((header, i) => {
    const field = mapping[header];
    const value = values[i]?.trim();
    if (field && value) parts[kindOf(field)][field] = value;
  });
  const has = (o: object) => Object.keys(o).length > 0;
  return { contact: parts.contact, deals: has(parts.deal) ? [parts.deal] : [], tickets: has(parts.ticket) ? [parts.ticket] : [] };
}
