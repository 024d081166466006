import "server-only";

/** HTTP status → the class the charts and metrics use; 0 (no answer) is `network`. */
export function statusClass(status: number): "2xx" | "4xx" | "429" | "5xx" | "network" {
  if (status === 0) return "network";
  if (status === 429) return "429";
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  return "2xx";
}

const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24,})$/i;

/** A path with its ids replaced by `:id`, so labels stay few (`/crm/v3/objects/contacts/:id`). */
export function pathLabel(path: string): string {
  const bare = path.split("?")[0];
  return bare
    .split("/")
    .map((s) => (ID_SEGMENT.test(s) ? ":id" : s))
    .join("/");
}

/** Start of the 10-second bucket `at` falls in. */
export const tenSecondBucket = (at: number) => new Date(Math.floor(at / 10_000) * 10_000);
/** Start of the minute `at` falls in. */
export const minuteBucket = (at: number) => new Date(Math.floor(at / 60_000) * 60_000);

/** Upper bounds (ms) of the API request duration histogram. */
export const HTTP_DURATION_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
/** The bucket a duration falls in; beyond the last: +Inf, stored as the largest int. */
export const durationBucket = (ms: number) => HTTP_DURATION_BUCKETS_MS.find((b) => ms <= b) ?? 2147483647;
