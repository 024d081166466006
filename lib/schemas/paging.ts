import { z } from "zod";

/** `limit` of every paged list: a whole number from 1 to 100, `def` when absent. */
export const pageLimit = (def: number) =>
  z.coerce
    .number({ error: "must be a whole number between 1 and 100" })
    .int({ error: "must be a whole number between 1 and 100" })
    .min(1, { error: "must be between 1 and 100" })
    .max(100, { error: "must be between 1 and 100" })
    .default(def);

/** `before` of the newest-first lists: the previous page's `next_before` (a row id). */
export const beforeCursor = () => z.uuid({ error: "is not a valid cursor" }).optional().meta({ description: "`next_before` of the previous page." });
