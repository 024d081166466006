import "server-only";
import { AppError, validationError } from "./errors";
import { scanJson } from "./json-scan";

/** Bodies above this are refused before being read whole. */
export const MAX_BODY_BYTES = 1_000_000;
/** JSON nested deeper than this is refused (our payloads are 3 levels deep). */
const MAX_DEPTH = 32;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Length of the longest prefix that is valid UTF-8 (a sequence cut at its end allowed): binary search. */
function validUtf8Prefix(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.byteLength;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

/**
 * Bytes that are not UTF-8 are refused, never turned into U+FFFD and stored: as not JSON when the
 * body is no JSON anyway, else as a validation error naming the field where they are.
 */
function invalidUtf8(bytes: Uint8Array): AppError {
  const lossy = new TextDecoder("utf-8").decode(bytes);
  if (scanJson(lossy, MAX_DEPTH).tooDeep) return new AppError("INVALID_JSON", `The JSON is nested deeper than ${MAX_DEPTH} levels.`);
  try {
    JSON.parse(lossy);
  } catch {
    return new AppError("INVALID_JSON", "The body is not valid JSON: it is not even valid UTF-8.");
  }
  const prefix = new TextDecoder("utf-8").decode(bytes.subarray(0, validUtf8Prefix(bytes)), { stream: true });
  const field = scanJson(prefix, Infinity).pathAtEnd;
  return validationError([{ field, message: "contains bytes that are not valid UTF-8" }], "The body is not valid UTF-8.");
}

/** The body's bytes, refused (413) past `maxBytes`, by its declared length or as it streams in. */
export async function readRawBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/**
 * Read a JSON body with a size cap, a content-type check and a nesting cap; never throws a 500.
 * Refused with the field named: bytes that are not UTF-8, a key given twice in one object (JSON.parse
 * would keep the last silently) and lone UTF-16 surrogates (which PostgreSQL cannot store).
 */
export async function readJsonBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json.");
  }
  const bytes = await readRawBody(req, maxBytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw invalidUtf8(bytes);
  }
  if (!text.trim()) throw new AppError("INVALID_JSON", "The body is empty; send a JSON object.");
  const scan = scanJson(text, MAX_DEPTH);
  if (scan.tooDeep) throw new AppError("INVALID_JSON", `The JSON is nested deeper than ${MAX_DEPTH} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError("INVALID_JSON", `The body is not valid JSON: ${(e as Error).message}`);
  }
  if (scan.problem) throw validationError([scan.problem]);
  return value;
}
