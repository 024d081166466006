/**
 * The mirror's query language for GET /api/crm/objects, without zod (the server and the schema
 * share it): search terms and keyset cursors.
 */

/** At most this many words of `q` are searched (each as a prefix). */
const MAX_TERMS = 8;

/** `q` as the words it searches: letters and digits, lower-cased; `"john.doe@ex"` → john, doe, ex. */
export function searchTerms(q: string): string[] {
  return q
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_TERMS);
}

/** Where a mirror page ended: the sort it was in, and its last row's sort value and id. */
export interface MirrorCursor {
  /** The sort key (`email`, `-created`). */
  sort: string;
  value: string | null;
  id: string;
}

export function encodeMirrorCursor(c: MirrorCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.value, c.id])).toString("base64url");
}

export function decodeMirrorCursor(after: string): MirrorCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [sort, sortValue, id] = value;
    if (typeof sort !== "string" || !(sortValue === null || typeof sortValue === "string") || typeof id !== "string" || !/^\d{1,18}$/.test(id)) return null;
    return { sort, value: sortValue, id };
  } catch {
    return null;
  }
}
