import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { ImportJob } from "@/lib/generated/prisma/client";
import { fieldIssuesFrom } from "@/lib/schemas/error";
import { importCreateQuerySchema } from "@/lib/schemas/import";
import { autoMapping, mappingProblem, type ImportMapping } from "@/lib/schemas/import-fields";
import { db, sqlPool } from "../../db";
import { validationError } from "../../errors";
import { readCsv } from "./csv-rows";
import { STAGE_ROWS_SQL } from "./import-sql";
import { invalidRowsError, startImport } from "./start-import";
import type { Upload } from "./upload-source";
import { rowValidator } from "./validate-rows";

type Options = ReturnType<typeof importCreateQuerySchema.parse>;

/** Query options, overridden by the multipart fields sent before the file (checked by the same schema). */
function optionsOf(query: Options, fields: Record<string, string>): Options {
  if (!Object.keys(fields).length) return query;
  const parsed = importCreateQuerySchema.safeParse(fields);
  if (!parsed.success) throw validationError(fieldIssuesFrom(parsed.error));
  return { ...query, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) };
}

function checkHeader(header: string[], mapping: ImportMapping, overrides: ImportMapping) {
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice !== undefined) throw validationError([{ field: "file", message: `has two columns named "${twice}"` }], "The file's header is not valid.");
  const problem = mappingProblem(header, mapping, overrides);
  if (problem) throw validationError([{ field: "mapping", message: problem }], "The column mapping is not valid.");
}

const canonicalMapping = (m: ImportMapping) => JSON.stringify(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)));

/** Parse, validate and stage every row of the upload; the import is `validated`, nothing sent. */
async function stageUpload(id: string, upload: Upload, overrides: ImportMapping): Promise<ImportJob> {
  let header: string[] = [];
  let mapping: ImportMapping = {};
  let validate: ReturnType<typeof rowValidator> | undefined;
  let total = 0;
  let invalid = 0;
  // One chunk is written while the next is parsed and validated.
  let writing: Promise<unknown> = Promise.resolve();
  const summary = await readCsv(
    upload.chunks,
    (h) => {
      header = h;
      mapping = autoMapping(h, overrides);
      checkHeader(h, mapping, overrides);
      validate = rowValidator(h, mapping);
    },
    async (rows) => {
      const staged = await validate!(rows);
      total += staged.length;
      invalid += staged.filter((r) => r.issues).length;
      await writing;
      writing = sqlPool().query(STAGE_ROWS_SQL, [id, JSON.stringify(staged)]);
      writing.catch(() => undefined); // awaited before the next chunk and at the end
    },
  );
  await writing;
  if (!total) throw validationError([{ field: "file", message: "has no rows below its header" }], "The file has no rows.");
  const fingerprint = createHash("sha256").update(`${summary.sha256}\n${canonicalMapping(mapping)}`).digest("hex");
  return db.importJob.update({
    where: { id },
    data: {
      status: "validated",
      fingerprint,
      mapping,
      columns: header,
      unmappedColumns: header.filter((h) => !mapping[h]),
      totalRows: total,
      invalidRows: invalid,
      validatedAt: new Date(),
      updatedAt: new Date(),
    },
  });
}

/**
 * POST /api/imports: every row parsed from the stream, validated and staged before anything is
 * sent. Then, unless `validate_only`: started when every row is valid (or `skip_invalid`), else
 * refused with the bad rows named (the staged import stays, to be listed or started later). A
 * file that cannot be read at all (too big, too many rows, not CSV) leaves nothing behind.
 */
export async function createImport({ upload, query, caller }: { upload: Upload; query: Options; caller?: string }): Promise<ImportJob> {
  const options = optionsOf(query, upload.fields);
  const id = randomUUID();
  await db.importJob.create({ data: { id, caller: caller ?? null, fileName: upload.fileName?.slice(0, 255) ?? null, fingerprint: "", mapping: {} } });
  let job: ImportJob;
  try {
    job = await stageUpload(id, upload, options.mapping ?? {});
  } catch (e) {
    await db.importJob.delete({ where: { id } }).catch(() => undefined);
    throw e;
  }
  if (options.validate_only) return job;
  if (job.invalidRows > 0 && !options.skip_invalid) throw await invalidRowsError(job);
  return startImport(job, options.skip_invalid ?? false);
}

