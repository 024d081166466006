import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import busboy from "busboy";
import { MAX_IMPORT_BYTES } from "@/lib/schemas/import-fields";
import { AppError, validationError } from "../../errors";

/** An uploaded CSV as it arrives: its bytes (never whole in memory), name and the form fields sent before it. */
export interface Upload {
  fileName: string | null;
  fields: Record<string, string>;
  chunks: AsyncIterable<Uint8Array>;
}

const CSV_TYPES = /^(text\/csv|application\/csv|text\/plain)\b/i;
const MULTIPART = /^multipart\/form-data\b/i;
/** Room for the multipart envelope and fields around the file. */
const ENVELOPE_BYTES = 1024 * 1024;

const nodeStream = (req: Request) => Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>);

/** The `file` part of a multipart body, once its first bytes arrive; fields must come before it. */
function multipartFile(req: Request, type: string): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let found = false;
    const parser = busboy({
      headers: { "content-type": type },
      limits: { files: 1, fields: 20, fieldSize: 256 * 1024, fileSize: MAX_IMPORT_BYTES + 1 },
    });
    parser.on("field", (name, value) => {
      if (!found) fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      if (name !== "file" || found) {
        stream.resume();
        return;
      }
      found = true;
      resolve({ fileName: info.filename ?? null, fields, chunks: stream });
    });
    parser.on("error", (e) => reject(validationError([{ field: "file", message: `the multipart body could not be read: ${(e as Error).message}` }])));
    parser.on("close", () => {
      if (!found) reject(validationError([{ field: "file", message: "is required: send the CSV in a multipart field named file" }]));
    });
    const body = nodeStream(req);
    body.on("error", (e) => parser.destroy(e));
    body.pipe(parser);
  });
}

/**
 * The CSV of POST /api/imports: a multipart `file` field or a `text/csv` body. A declared length
 * past the limit is refused before anything is read.
 */
export async function openUpload(req: Request): Promise<Upload> {
  const type = req.headers.get("content-type") ?? "";
  const declared = Number(req.headers.get("content-length"));
  const limit = MULTIPART.test(type) ? MAX_IMPORT_BYTES + ENVELOPE_BYTES : MAX_IMPORT_BYTES;
  if (Number.isFinite(declared) && declared > limit) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB (${MAX_IMPORT_BYTES} bytes), the limit per import; split it.`);
  }
  if (!req.body) throw validationError([{ field: "file", message: "is required: the body is empty" }]);
  if (MULTIPART.test(type)) return multipartFile(req, type);
  if (CSV_TYPES.test(type)) return { fileName: null, fields: {}, chunks: nodeStream(req) };
  throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the CSV as multipart/form-data (a field named file) or as the body with Content-Type: text/csv.");
}
