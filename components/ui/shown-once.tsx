"use client";
import { useState, type ReactNode } from "react";
import { Alert } from "./alert";
import { Button } from "./button";

/** A secret the server returns once (an API key, a webhook signing secret): shown with Copy and Done. */
export function ShownOnce({ title, note, value, testId, footer, onDone }: {
  title: string;
  note: ReactNode;
  value: string;
  testId: string;
  footer?: ReactNode;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="warning" title={title}>
      <p>{note}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900" data-testid={testId}>
          {value}
        </code>
        <Button
          size="sm"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      {footer ? <p className="mt-2 break-all text-xs">{footer}</p> : null}
    </Alert>
  );
}
