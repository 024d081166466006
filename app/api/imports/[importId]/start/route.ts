// POST /api/imports/{importId}/start: send a validated import (skip_invalid leaves its invalid rows out).
import { importIdParamsSchema, importStartSchema } from "@/lib/schemas/import";
import { ownRegistrationsOnly } from "@/lib/server/auth/caller";
import { route } from "@/lib/server/route";
import { getImportOrThrow, toImportAccepted } from "@/lib/server/services/imports/import-access";
import { startImport } from "@/lib/server/services/imports/start-import";

export const POST = route({ scope: "register", params: importIdParamsSchema, body: importStartSchema }, async ({ params, body, principal }) => {
  const job = await getImportOrThrow(params.importId, ownRegistrationsOnly(principal));
  return Response.json(toImportAccepted(await startImport(job, body.skip_invalid)), { status: 202 });
});
