import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** One deal or ticket of the registration form: numbered, removable in place, its fields in a grid. */
export function ItemFieldset({ kind, index, onRemove, children }: { kind: "deal" | "ticket"; index: number; onRemove: () => void; children: ReactNode }) {
  const title = `${kind[0].toUpperCase()}${kind.slice(1)} ${index + 1}`;
  return (
    <fieldset className="rounded-md border border-slate-200 p-3 sm:p-4" data-testid={`${kind}-${index}`}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <legend className="text-sm font-semibold text-slate-800">{title}</legend>
        <Button variant="ghost" size="sm" onClick={onRemove} aria-label={`Remove ${kind} ${index + 1}`}>
          Remove
        </Button>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}
