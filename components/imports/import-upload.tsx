"use client";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { describeApiError } from "@/lib/client/api-error";
import { previewCsv, type CsvPreview } from "@/lib/client/csv-preview";
import { useUploadImport } from "@/lib/client/use-imports";
import { mappingProblem, type ImportMapping } from "@/lib/schemas/import-fields";
import { ColumnMapping, PreviewTable } from "./column-mapping";
import { FileDrop } from "./file-drop";

/** Choose a file, check its first rows and the mapping, then upload it to be validated (nothing is sent yet). */
export function ImportUpload({ onUploaded }: { onUploaded: (importId: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [readError, setReadError] = useState<string | null>(null);
  const upload = useUploadImport();

  const choose = async (f: File) => {
    setFile(f);
    setReadError(null);
    upload.reset();
    try {
      const p = await previewCsv(f);
      if (!p.header.length) throw new Error("empty");
      setPreview(p);
      setMapping(p.mapping);
    } catch {
      setPreview(null);
      setReadError("This file could not be read as CSV. Save it from your spreadsheet as CSV (UTF-8) and try again.");
    }
  };
  const problem = preview ? mappingProblem(preview.header, mapping) : undefined;

  return (
    <div className="space-y-5">
      <FileDrop onFile={(f) => void choose(f)} disabled={upload.isPending} />
      {readError ? <Alert tone="error">{readError}</Alert> : null}
      {file && preview ? (
        <Card
          title={`Columns of ${file.name}`}
          description="Columns named like a field map by themselves; change any of them. Each row is one contact, with a deal and a ticket when their columns have values."
        >
          <ColumnMapping header={preview.header} rows={preview.rows} mapping={mapping} onChange={setMapping} />
          <h3 className="mb-2 mt-4 text-sm font-semibold text-slate-900">First rows</h3>
          <PreviewTable header={preview.header} rows={preview.rows} />
          {problem ? (
            <p className="mt-3 text-sm font-medium text-red-700" data-testid="mapping-problem">
              Mapping: {problem}.
            </p>
          ) : null}
          {upload.error ? (
            <div className="mt-3">
              <Alert tone="error" title="The file was not accepted">
                {describeApiError(upload.error)}
              </Alert>
            </div>
          ) : null}
          <div className="mt-4 flex flex-wrap gap-2">
            <Button
              disabled={Boolean(problem) || upload.isPending}
              onClick={() => upload.mutate({ file, mapping }, { onSuccess: (r) => onUploaded(r.import_id) })}
            >
              {upload.isPending ? <Spinner /> : null}
              {upload.isPending ? "Checking every row…" : "Check every row"}
            </Button>
          </div>
          <p className="mt-2 text-xs text-slate-500">Nothing is sent to HubSpot until you start the import.</p>
        </Card>
      ) : null}
    </div>
  );
}
