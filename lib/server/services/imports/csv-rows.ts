import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { detectDelimiter, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "@/lib/schemas/import-fields";
import { AppError, validationError } from "../../errors";

/** A data row: the file line it starts on (the header is line 1) and its cells. */
export interface CsvRow {
  line: number;
  values: string[];
}

export interface CsvLimits {
  maxBytes: number;
  maxRows: number;
}

/** What a whole file turned out to be, once read. */
export interface CsvSummary {
  bytes: number;
  sha256: string;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * The file's bytes as text, counted and hashed on the way: more than `maxBytes` is refused (413)
 * as soon as it is seen, bytes that are not UTF-8 are refused (400), a BOM is dropped.
 */
async function* decodeCounted(chunks: AsyncIterable<Uint8Array>, limits: CsvLimits, summary: CsvSummary, hash: ReturnType<typeof createHash>) {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for await (const chunk of chunks) {
    summary.bytes += chunk.byteLength;
    if (summary.bytes > limits.maxBytes) {
      throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${mb(limits.maxBytes)} (${limits.maxBytes} bytes), the limit per import; split it.`);
    }
    hash.update(chunk);
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw validationError([{ field: "file", message: "is not UTF-8 text; save it as CSV UTF-8" }], "The file is not UTF-8 text.");
    }
  }
  yield decoder.decode();
}

/** The header row, then every data row with its line; empty lines and rows of empty cells are skipped. */
export async function readCsv(
  chunks: AsyncIterable<Uint8Array>,
  onHeader: (header: string[]) => void | Promise<void>,
  onRows: (rows: CsvRow[]) => Promise<void>,
  limits: CsvLimits = { maxBytes: MAX_IMPORT_BYTES, maxRows: MAX_IMPORT_ROWS },
  chunkRows = 1000,
): Promise<CsvSummary> {
  const summary: CsvSummary = { bytes: 0, sha256: "" };
  const hash = createHash("sha256");
  const text = decodeCounted(chunks, limits, summary, hash);
  // The separator is read from the first line, so the parser starts once a line (or 64 KB) is in.
  // (next() by hand: leaving a for-await loop would close the generator.)
  let head = "";
  while (!/[\r\n]/.test(head) && head.length < 65_536) {
    const next = await text.next();
    if (next.done) break;
    head += next.value;
  }
  const parser = parse({ delimiter: detectDelimiter(head), bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const source = Readable.from(
    (async function* () {
      yield head;
      yield* text;
    })(),
  );
  source.on("error", (e) => parser.destroy(e));
  source.pipe(parser);
  let header: string[] | undefined;
  let rows: CsvRow[] = [];
  let count = 0;
  let prevLines = 0;
  let prevEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      const line = prevLines + 1 + (info.empty_lines - prevEmpty);
      prevLines = info.lines;
      prevEmpty = info.empty_lines;
      if (!header) {
        header = record.map((h, i) => h.trim() || `column ${i + 1}`);
        await onHeader(header);
        continue;
      }
      if (record.every((v) => !v.trim())) continue;
      if (++count > limits.maxRows) {
        throw new AppError("PAYLOAD_TOO_LARGE", `The file has more than ${limits.maxRows.toLocaleString("en-US")} rows, the limit per import; split it.`);
      }
      rows.push({ line, values: record });
      if (rows.length >= chunkRows) {
        await onRows(rows);
        rows = [];
      }
    }
  } catch (e) {
    source.destroy();
    if (e instanceof CsvError) throw validationError([{ field: "file", message: e.message }], "The file is not valid CSV.");
    throw e;
  }
  if (!header) throw validationError([{ field: "file", message: "is empty; the first line must name the columns" }], "The file is empty.");
  if (rows.length) await onRows(rows);
  summary.sha256 = hash.digest("hex");
  return summary;
}
