"use client";
import { useUrlState } from "@/lib/client/url-state";
import { ImportProgress } from "./import-progress";
import { ImportUpload } from "./import-upload";

/** The import page: the upload, or the import named in the URL (`?id=`), so a reload or a shared link shows it. */
export function ImportPage() {
  const { params, set } = useUrlState();
  const id = params.get("id");
  return id ? <ImportProgress importId={id} onNew={() => set({ id: undefined })} /> : <ImportUpload onUploaded={(importId) => set({ id: importId })} />;
}
