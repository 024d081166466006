import "server-only";
import type { ImportRow } from "@/lib/schemas/import";
import { listImportRows } from "./import-status";

const PAGE_ROWS = 2_000;
const HEADER = ["line", "state", "email", "contact_id", "deal_ids", "ticket_ids", "error"];

/**
 * One CSV cell: quoted when needed; a value a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, CR first) is prefixed with `'`, since emails and error messages carry the file's values.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const why = (r: ImportRow) => r.error ?? r.issues.map((i) => `${i.field}: ${i.message}`).join("; ");

const toLine = (r: ImportRow) =>
  [String(r.line), r.state, r.email ?? "", r.contact_id ?? "", r.deal_ids.join(" "), r.ticket_ids.join(" "), why(r)].map(csvCell).join(",") + "\r\n";

/** Every row of the import with its HubSpot ids or its error, read page by page as the client takes it. */
export function importResultsCsv(importId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterLine: number | null = 0;
  let isHeaderSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!isHeaderSent) {
        isHeaderSent = true;
        controller.enqueue(encoder.encode(HEADER.join(",") + "\r\n"));
        return;
      }
      if (afterLine === null) {
        controller.close();
        return;
      }
      const page = await listImportRows(importId, { afterLine, limit: PAGE_ROWS });
      controller.enqueue(encoder.encode(page.results.map(toLine).join("")));
      afterLine = page.next_after_line;
    },
  });
}
