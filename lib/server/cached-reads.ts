import "server-only";

/** Portal facts (pipelines, property options, validation rules) change rarely: one read per 10 minutes keeps them off the rate budget. */
export const PORTAL_FACTS_TTL_MS = 10 * 60_000;

/**
 * Reads shared by key for `ttlMs`: concurrent callers share one read in flight, and a failed read
 * is not kept (the next caller tries again).
 */
export function cachedReads<V>(ttlMs = PORTAL_FACTS_TTL_MS) {
  const cache = new Map<string, { at: number; value: Promise<V> }>();
  return (key: string, read: () => Promise<V>): Promise<V> => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = read();
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.delete(key));
    return value;
  };
}
