import type { z } from "zod";

export type ClientSchemas = typeof import("./schemas");
/** Picks the schema an answer (or a form) is checked with, once the schemas are loaded. */
export type SchemaPick<T> = (schemas: ClientSchemas) => z.ZodType<T>;

let loading: Promise<ClientSchemas> | undefined;

/**
 * The API's schemas (and zod with them), loaded once, on first use: a page's data request and this
 * download run side by side. A failed download is tried again on the next call.
 */
export function loadSchemas(): Promise<ClientSchemas> {
  loading ??= import("./schemas").catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
