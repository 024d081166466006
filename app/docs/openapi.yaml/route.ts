// GET /docs/openapi.yaml: the OpenAPI document as YAML (public), the seed's path. Built at build time.
import { buildOpenApiSpec } from "@/lib/openapi/spec";
import { toOpenApiYaml } from "@/lib/openapi/yaml";

export const dynamic = "force-static";

export function GET() {
  return new Response(toOpenApiYaml(buildOpenApiSpec()), { headers: { "content-type": "application/yaml; charset=utf-8" } });
}
