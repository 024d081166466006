"use client";
import { useState } from "react";
import { Button } from "./button";
import { Spinner } from "./spinner";

/** A danger action asked twice: `label` (named `ariaLabel` for screen readers), then "Confirm …" or Cancel. */
export function ConfirmButton({ label, ariaLabel, busy, onConfirm }: { label: string; ariaLabel: string; busy: boolean; onConfirm: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button size="sm" variant="danger" onClick={() => setConfirming(true)} aria-label={ariaLabel}>
        {label}
      </Button>
    );
  }
  return (
    <span className="inline-flex gap-1">
      <Button size="sm" variant="danger" disabled={busy} onClick={onConfirm} autoFocus>
        {busy ? <Spinner /> : null}
        Confirm {label.toLowerCase()}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </span>
  );
}
