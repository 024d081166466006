import "server-only";

/**
 * One pass over a JSON text for what JSON.parse lets through but the API must refuse: nesting
 * deeper than a limit, a key given twice in one object (JSON.parse keeps the last one silently),
 * and a lone UTF-16 surrogate (`"\ud800"`, which PostgreSQL refuses in `jsonb`). Each problem is
 * named by its path (`contact.email`, `deals[1].amount`), as zod names fields.
 *
 * Built for the hot path: strings are skipped with `indexOf`, keys are only compared within their
 * own object, and paths are only built when there is a problem. The text is meant to be decoded
 * from valid UTF-8 (so a raw, unescaped lone surrogate cannot occur); on text that is not valid
 * JSON the result is meaningless but the scan still ends without throwing.
 */

export interface JsonScan {
  /** The first level that went past `maxDepth`, if any. */
  tooDeep: boolean;
  /** The first duplicate key or lone surrogate, by path. */
  problem?: { field: string; message: string };
  /** Path of the value being read where the text ended (for a text cut short on purpose). */
  pathAtEnd: string;
}

const QUOTE = 34;
const BACKSLASH = 92;

/** `\uXXXX` at `i` (the backslash): its code unit, or -1. */
function escapedUnit(text: string, i: number): number {
  if (text.charCodeAt(i + 1) !== 117) return -1;
  const hex = text.slice(i + 2, i + 6);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? parseInt(hex, 16) : -1;
}

/** Whether the string whose escapes start at `from` (up to `end`) has a lone surrogate escape. */
function hasLoneSurrogate(text: string, from: number, end: number): boolean {
  for (let i = text.indexOf("\\", from); i !== -1 && i < end; i = text.indexOf("\\", i)) {
    const unit = escapedUnit(text, i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 6) === BACKSLASH ? escapedUnit(text, i + 6) : -1;
      if (next < 0xdc00 || next > 0xdfff) return true;
      i += 12;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return true;
    else i += 2;
  }
  return false;
}

/** Index of the quote closing the string that opens at `start`, or -1; `slash` is the first backslash after `start`. */
function stringEnd(text: string, start: number, slash: number): number {
  let q = text.indexOf('"', start + 1);
  if (slash > q) return q; // no escapes: the first quote closes it
  while (q !== -1) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return -1;
}

function decodeKey(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw;
  }
}

/** A key as shown in a field path: lone surrogates written as `\uXXXX`, the empty key as `""`. */
const shownKey = (key: string) => (key === "" ? '""' : key.replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`));

export function scanJson(text: string, maxDepth: number): JsonScan {
  // One entry per open container: the keys seen so far (objects) or null (arrays).
  const keys: (Set<string> | null)[] = [];
  const current: (string | number)[] = [];
  let expectKey = false;
  let problem: JsonScan["problem"];
  let slash = -1; // the next backslash at or after the scan, kept moving forward: O(n) overall
  // `key`: the path with the innermost key replaced by it; null: the innermost object's own path.
  const pathOf = (key?: string | null) => {
    let out = "";
    const parts = key === undefined ? current : key === null ? current.slice(0, -1) : [...current.slice(0, -1), key];
    for (const part of parts) {
      out = typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${shownKey(part)}` : shownKey(part);
    }
    return out || "(body)";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (slash !== Infinity && slash <= i) {
        slash = text.indexOf("\\", i + 1);
        if (slash === -1) slash = Infinity;
      }
      const end = stringEnd(text, i, slash);
      const top = keys.length - 1;
      const isKey = expectKey && top >= 0 && keys[top] !== null;
      // Cut short inside a key: the object holding it; inside a value: the value.
      if (end === -1) return { tooDeep: false, problem, pathAtEnd: pathOf(isKey ? null : undefined) };
      const escaped = slash < end;
      if (isKey) {
        const raw = text.slice(i, end + 1);
        const key = escaped ? decodeKey(raw) : raw.slice(1, -1);
        if (!problem) {
          if (keys[top]!.has(key)) problem = { field: pathOf(key), message: "is given more than once in the same object" };
          else if (escaped && hasLoneSurrogate(text, i, end)) problem = { field: pathOf(key), message: "has a key with a lone UTF-16 surrogate" };
        }
        keys[top]!.add(key);
        current[top] = key;
        expectKey = false;
      } else if (escaped && !problem && hasLoneSurrogate(text, i, end)) {
        problem = { field: pathOf(), message: "must not contain a lone UTF-16 surrogate (e.g. \\ud800)" };
      }
      i = end;
    } else if (c === 123 || c === 91) {
      if (keys.length >= maxDepth) return { tooDeep: true, problem, pathAtEnd: pathOf() };
      keys.push(c === 123 ? new Set() : null);
      current.push(c === 123 ? "" : 0);
      expectKey = c === 123;
    } else if (c === 125 || c === 93) {
      keys.pop();
      current.pop();
      expectKey = false;
    } else if (c === 44) {
      const top = keys.length - 1;
      if (top >= 0) {
        if (keys[top]) expectKey = true;
        else (current[top] as number)++;
      }
    }
  }
  return { tooDeep: false, problem, pathAtEnd: pathOf() };
}
