import { z } from "zod";

/** `limit` of every list endpoint: a whole number from 1 to 100, `def` when absent. */
export const pageLimitSchema = (def: number) =>
  z.coerce
    .number({ error: "must be a whole number between 1 and 100" })
    .int({ error: "must be a whole number between 1 and 100" })
    .min(1, { error: "must be between 1 and 100" })
    .max(100, { error: "must be between 1 and 100" })
    .default(def);
