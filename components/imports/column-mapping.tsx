"use client";
import { IMPORT_FIELDS, type ImportField, type ImportKind, type ImportMapping } from "@/lib/schemas/import-fields";

const KIND_LABELS: Record<ImportKind, string> = { contact: "Contact", deal: "Deal", ticket: "Ticket" };

/** One row per column of the file: its first values and the field it goes to (editable). */
export function ColumnMapping({ header, rows, mapping, onChange }: {
  header: string[];
  rows: string[][];
  mapping: ImportMapping;
  onChange: (mapping: ImportMapping) => void;
}) {
  const taken = new Map(Object.entries(mapping).flatMap(([column, field]) => (field ? [[field, column]] : [])));
  return (
    <ul className="divide-y divide-slate-100" aria-label="Column mapping">
      {header.map((column, i) => {
        const samples = rows.map((r) => r[i] ?? "").filter(Boolean).slice(0, 3);
        const selectId = `map-${i}`;
        return (
          <li key={column} className="grid gap-2 py-3 sm:grid-cols-[1fr_14rem] sm:items-center">
            <div className="min-w-0">
              <label htmlFor={selectId} className="block break-words font-medium text-slate-900">
                {column}
              </label>
              <p className="truncate text-xs text-slate-500" title={samples.join(", ")}>
                {samples.length ? `e.g. ${samples.join(", ")}` : "no values in the first rows"}
              </p>
            </div>
            <select
              id={selectId}
              data-testid={`mapping-${column}`}
              value={mapping[column] ?? ""}
              onChange={(e) => onChange({ ...mapping, [column]: (e.target.value || null) as ImportField | null })}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            >
              <option value="">Leave out</option>
              {(Object.keys(IMPORT_FIELDS) as ImportKind[]).map((kind) => (
                <optgroup key={kind} label={KIND_LABELS[kind]}>
                  {IMPORT_FIELDS[kind].map((field) => (
                    <option key={field} value={field} disabled={taken.has(field) && taken.get(field) !== column}>
                      {field}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </li>
        );
      })}
    </ul>
  );
}

/** The first rows as a table (scrolls sideways on narrow screens). */
export function PreviewTable({ header, rows }: { header: string[]; rows: string[][] }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="min-w-full text-left text-xs" aria-label="First rows of the file">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            {header.map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r, i) => (
            <tr key={i}>
              {header.map((h, j) => (
                <td key={h} className="max-w-48 truncate whitespace-nowrap px-3 py-1.5 text-slate-800">
                  {r[j] ?? ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
