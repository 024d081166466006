// GET /api/crm/pipelines?type=deals|tickets: the portal's pipelines and stages (cached 10 min), for the form's selects.
import { pipelinesQuerySchema } from "@/lib/schemas/pipeline";
import { route } from "@/lib/server/route";
import { listPipelineOptions } from "@/lib/server/services/form-options";

export const GET = route({ scope: "read", query: pipelinesQuerySchema }, async ({ query }) => Response.json(await listPipelineOptions(query)));
