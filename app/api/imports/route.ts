// POST /api/imports: a CSV of registrations (multipart `file`, or a text/csv body), validated whole, then synced in the background.
import { importCreateQuerySchema } from "@/lib/schemas/import";
import { route } from "@/lib/server/route";
import { createImport } from "@/lib/server/services/imports/create-import";
import { toImportAccepted } from "@/lib/server/services/imports/import-access";
import { openUpload } from "@/lib/server/services/imports/upload-source";

export const POST = route({ scope: "register", query: importCreateQuerySchema }, async ({ req, query, principal }) => {
  const job = await createImport({ upload: await openUpload(req), query, caller: principal?.callerId });
  const body = toImportAccepted(job);
  return Response.json(body, { status: 202, headers: { location: body.status_url } });
});
