import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";
import { loadSchemas, type ClientSchemas } from "./load-schemas";

/**
 * react-hook-form's zod resolver with the API's schema, loaded on first validation (forms call
 * `loadSchemas()` when they mount, so it is usually there before anyone leaves a field). If the
 * schemas cannot be downloaded the form gets a `root` error instead of failing silently.
 */
export function lazyZodResolver<TInput extends FieldValues, TOutput>(
  pick: (schemas: ClientSchemas) => z.ZodType<TOutput, TInput>,
  parseOptions?: { error?: z.core.$ZodErrorMap },
): Resolver<TInput, unknown, TOutput> {
  let resolver: Resolver<TInput, unknown, TOutput> | undefined;
  return async (values, context, options) => {
    if (!resolver) {
      try {
        const schema = pick(await loadSchemas());
        resolver = zodResolver(schema as never, parseOptions) as unknown as Resolver<TInput, unknown, TOutput>;
      } catch {
        return {
          values: {},
          errors: { root: { type: "load", message: "The form's checks could not be loaded. Check your connection and reload the page." } },
        } as Awaited<ReturnType<Resolver<TInput, unknown, TOutput>>>;
      }
    }
    return resolver(values, context, options);
  };
}
