import "server-only";
import { fieldIssuesFrom, type FieldIssue } from "@/lib/schemas/error";
import { rowToRegistration, type ImportMapping } from "@/lib/schemas/import-fields";
import { registrationSchema, type RegistrationInput } from "@/lib/schemas/registration";
import { getHubSpot } from "../../hubspot";
import { logger } from "../../logger";
import { loadPortalChecker } from "../registrations/portal-options";
import type { CsvRow } from "./csv-rows";

/** A row as staged: its registration when valid, else why not (fields named as the file's columns). */
export interface StagedRow {
  line: number;
  email: string | null;
  payload: RegistrationInput | null;
  issues: FieldIssue[] | null;
}

/** How long the portal's pipelines, options and rules may take to read before the checks are left to the sync. */
const PORTAL_TIMEOUT_MS = 5_000;

/**
 * Checks every row with the registration schema, then against the portal (pipelines, stages, ticket
 * options, property rules: the checks POST /api/crm/register makes, read once and cached). If the
 * portal cannot be read, its checks are left to the sync, which makes them before writing anything.
 */
export function rowValidator(header: string[], mapping: ImportMapping) {
  const columnOf = new Map(Object.entries(mapping).flatMap(([column, field]) => (field ? [[field as string, column]] : [])));
  /** `deals[0].amount` → `amount (column "Deal value")`. */
  const toColumn = (issue: FieldIssue): FieldIssue => {
    const field = issue.field.replace(/^(contact|deals\[\d+\]|tickets\[\d+\])\./, "");
    const column = columnOf.get(field);
    return { field, message: column ? `${issue.message} (column "${column}")` : issue.message };
  };
  // The portal's facts, read once for the whole file; null when they could not be read in time.
  let portal: Promise<((input: RegistrationInput) => FieldIssue[]) | null> | undefined;
  const portalCheck = () =>
    (portal ??= Promise.race([
      loadPortalChecker(getHubSpot()),
      new Promise<never>((_, reject) => (setTimeout(() => reject(new Error("timed out")), PORTAL_TIMEOUT_MS) as unknown as NodeJS.Timeout).unref()),
    ]).catch((err: unknown) => {
      logger.warn({ err }, "import: the portal's pipelines and rules could not be read; the sync will check them");
      return null;
    }));

  async function validate({ line, values }: CsvRow): Promise<StagedRow> {
    const candidate = rowToRegistration(header, values, mapping);
    const email = candidate.contact.email?.toLowerCase() ?? null;
    if (values.length > header.length) {
      const message = `has ${values.length} cells but the header has ${header.length}; a value with the separator in it must be in quotes`;
      return { line, email, payload: null, issues: [{ field: "(row)", message }] };
    }
    const parsed = registrationSchema.safeParse(candidate);
    if (!parsed.success) return { line, email, payload: null, issues: fieldIssuesFrom(parsed.error).map(toColumn) };
    const issues = ((await portalCheck())?.(parsed.data) ?? []).map(toColumn);
    return issues.length ? { line, email, payload: null, issues } : { line, email, payload: parsed.data, issues: null };
  }

  return (rows: CsvRow[]) => Promise.all(rows.map(validate));
}
