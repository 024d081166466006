"use client";
import { useEffect, useId, useState } from "react";
import type { CrmObjectsSource } from "@/lib/client/use-crm-objects";

const SOURCES: { value: CrmObjectsSource; label: string }[] = [
  { value: "mirror", label: "Local mirror" },
  { value: "live", label: "Live from HubSpot" },
];

/** Where the tables read from: the local mirror (search, sort) or HubSpot itself, page by page. */
export function SourceToggle({ value, onChange }: { value: CrmObjectsSource; onChange: (v: CrmObjectsSource) => void }) {
  return (
    <div role="group" aria-label="Read from" className="inline-flex max-w-full flex-wrap rounded-lg border border-slate-200 bg-white p-1 shadow-xs">
      {SOURCES.map((s) => (
        <button
          key={s.value}
          type="button"
          aria-pressed={s.value === value}
          onClick={() => onChange(s.value)}
          className={`whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium ${s.value === value ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {s.label}
        </button>
      ))}
    </div>
  );
}

/** A search box that tells its value after a pause in typing (each keystroke would be a request). */
export function SearchBox({ value, onSearch, placeholder }: { value: string; onSearch: (q: string) => void; placeholder: string }) {
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onSearch(text), 300);
    return () => clearTimeout(t);
  }, [text, value, onSearch]);
  return (
    <div className="flex w-full min-w-0 items-center gap-2 text-sm sm:w-auto">
      <label htmlFor={id} className="text-slate-600">
        Search
      </label>
      <input
        id={id}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={placeholder}
        maxLength={200}
        className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 sm:w-64"
      />
    </div>
  );
}

const ago = (iso: string) => {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
};

/** When the mirror last heard from HubSpot. */
export function LastSynced({ at }: { at: string | null | undefined }) {
  if (at === undefined) return null;
  return (
    <p className="text-xs text-slate-500" data-testid="last-synced">
      {at ? (
        <>
          Last synced <time dateTime={at} title={new Date(at).toLocaleString()}>{ago(at)}</time>
        </>
      ) : (
        "Not synced yet: the worker fills the mirror from HubSpot (or read live from HubSpot)."
      )}
    </p>
  );
}
