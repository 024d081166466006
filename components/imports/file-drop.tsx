"use client";
import { useId, useState, type DragEvent } from "react";

/** A drop zone that is also a file picker (keyboard and touch: the label opens it). */
export function FileDrop({ onFile, disabled }: { onFile: (file: File) => void; disabled?: boolean }) {
  const id = useId();
  const [isOver, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <label
      htmlFor={id}
      data-testid="import-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`flex min-h-36 cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-4 py-8 text-center text-sm ${
        isOver ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white hover:bg-slate-50"
      }`}
    >
      <span className="font-medium text-slate-900">Drop a CSV file here, or choose one</span>
      <span className="text-slate-500">Up to 100,000 rows and 50 MB. The first line names the columns.</span>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        className="sr-only"
        disabled={disabled}
        aria-label="CSV file to import"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = "";
        }}
      />
    </label>
  );
}
