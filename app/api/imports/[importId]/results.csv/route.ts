// GET /api/imports/{importId}/results.csv: every row with its HubSpot ids or its error, streamed.
import { importIdParamsSchema } from "@/lib/schemas/import";
import { ownRegistrationsOnly } from "@/lib/server/auth/caller";
import { route } from "@/lib/server/route";
import { getImportOrThrow } from "@/lib/server/services/imports/import-access";
import { importResultsCsv } from "@/lib/server/services/imports/results-csv";

export const GET = route({ params: importIdParamsSchema }, async ({ params, principal }) => {
  const job = await getImportOrThrow(params.importId, ownRegistrationsOnly(principal));
  return new Response(importResultsCsv(job.id), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="import-${job.id}-results.csv"` },
  });
});
