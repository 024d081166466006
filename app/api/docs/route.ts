// GET /api/docs: the OpenAPI document as JSON (public). Built once at build time: next-swagger-doc reads files from disk.
import { buildOpenApiSpec } from "@/lib/openapi/spec";

export const dynamic = "force-static";

export function GET() {
  return Response.json(buildOpenApiSpec());
}
