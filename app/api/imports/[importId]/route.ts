// GET /api/imports/{importId}: an import's progress (synced, pending, needs attention, failed, rows per second).
import { importIdParamsSchema } from "@/lib/schemas/import";
import { ownRegistrationsOnly } from "@/lib/server/auth/caller";
import { route } from "@/lib/server/route";
import { getImportOrThrow } from "@/lib/server/services/imports/import-access";
import { getImportStatus } from "@/lib/server/services/imports/import-status";

export const GET = route({ params: importIdParamsSchema }, async ({ params, principal }) =>
  Response.json(await getImportStatus(await getImportOrThrow(params.importId, ownRegistrationsOnly(principal)))),
);
