import { autoMapping, detectDelimiter, type ImportMapping } from "@/lib/schemas/import-fields";

/** The first rows of a file as the import page shows them, and the mapping the server would make. */
export interface CsvPreview {
  header: string[];
  rows: string[][];
  mapping: ImportMapping;
}

/** Enough of the file for a preview of its first rows; the server reads the whole file itself. */
const HEAD_BYTES = 64 * 1024;

/**
 * Read the header and the first `maxRows` rows from the start of the file only, with the parser the
 * server uses (its browser build, loaded on demand). A record cut at the end of the slice is dropped.
 */
export async function previewCsv(file: File, maxRows = 5): Promise<CsvPreview> {
  const [{ parse }, head] = await Promise.all([import("csv-parse/browser/esm/sync"), file.slice(0, HEAD_BYTES).text()]);
  const text = file.size > HEAD_BYTES ? head.slice(0, Math.max(head.lastIndexOf("\n"), 0)) : head;
  let records: string[][] = [];
  for (let take = maxRows + 1; take > 0 && !records.length; take--) {
    try {
      records = parse(text, { delimiter: detectDelimiter(text), bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, to: take });
    } catch {
      records = [];
    }
  }
  const [first = [], ...rows] = records;
  const header = first.map((h, i) => h.trim() || `column ${i + 1}`);
  return { header, rows: rows.filter((r) => r.some((v) => v.trim())), mapping: autoMapping(header) };
}
