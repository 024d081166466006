"use client";
import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { PAGE_SIZES } from "@/lib/client/url-state";

/** Tabs (WAI-ARIA pattern: arrow keys move between them). The panel is the caller's, id `${id}-panel`. */
export function Tabs<T extends string>({ id, label, tabs, value, onChange }: {
  id: string;
  label: string;
  tabs: readonly { value: T; label: string }[];
  value: T;
  onChange: (v: T) => void;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent, i: number) => {
    const delta = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = (i + delta + tabs.length) % tabs.length;
    refs.current[next]?.focus();
    onChange(tabs[next].value);
  };
  return (
    <div role="tablist" aria-label={label} className="inline-flex max-w-full flex-wrap gap-y-1 rounded-lg border border-slate-200 bg-white p-1 shadow-xs">
      {tabs.map((t, i) => {
        const selected = t.value === value;
        return (
          <button
            key={t.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t.value}`}
            aria-selected={selected}
            aria-controls={`${id}-panel`}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(t.value)}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={`whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium ${selected ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

export function PageSizeSelect({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="text-slate-600">
        Rows per page
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
      >
        {PAGE_SIZES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}

function PagerButton({ onClick, disabled, children }: { onClick: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium disabled:cursor-not-allowed disabled:text-slate-400"
    >
      {children}
    </button>
  );
}

/** Previous / Next for cursor paging: there is no total, only "is there more". */
export function CursorPager({ page, hasPrevious, hasNext, onPrevious, onNext, busy, previousLabel = "← Previous", nextLabel = "Next →" }: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  busy?: boolean;
  previousLabel?: string;
  nextLabel?: string;
}) {
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 text-sm">
      <PagerButton onClick={onPrevious} disabled={!hasPrevious || busy}>
        {previousLabel}
      </PagerButton>
      <span className="text-slate-600" aria-live="polite" data-testid="page-indicator">
        Page {page}
      </span>
      <PagerButton onClick={onNext} disabled={!hasNext || busy}>
        {nextLabel}
      </PagerButton>
    </nav>
  );
}
