// GET /api/imports/{importId}/rows: the import's rows in line order, by state, with their HubSpot ids or errors.
import { importIdParamsSchema, importRowsQuerySchema } from "@/lib/schemas/import";
import { ownRegistrationsOnly } from "@/lib/server/auth/caller";
import { route } from "@/lib/server/route";
import { getImportOrThrow } from "@/lib/server/services/imports/import-access";
import { listImportRows } from "@/lib/server/services/imports/import-status";

export const GET = route({ params: importIdParamsSchema, query: importRowsQuerySchema }, async ({ params, query, principal }) => {
  const job = await getImportOrThrow(params.importId, ownRegistrationsOnly(principal));
  return Response.json(await listImportRows(job.id, { state: query.state, afterLine: query.after_line, limit: query.limit }));
});
