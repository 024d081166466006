import { createSwaggerSpec } from "next-swagger-doc";
import { createApiDocument } from "./document";

/**
 * The published spec: the zod-generated document assembled by next-swagger-doc, which merges
 * any `@openapi` annotations and `*.swagger.yaml` files found under ANNOTATIONS_FOLDER (read from
 * disk at call time: call it from the build, a script or a `force-static` route, never per request).
 */
export const ANNOTATIONS_FOLDER = "lib/openapi/annotations";

export function buildOpenApiSpec(): Record<string, unknown> {
  const definition = createApiDocument() as unknown as Parameters<typeof createSwaggerSpec>[0] extends infer O
    ? O extends { definition: infer D }
      ? D
      : never
    : never;
  return createSwaggerSpec({ definition, apiFolder: ANNOTATIONS_FOLDER }) as Record<string, unknown>;
}
