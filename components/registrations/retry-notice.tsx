"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { describeApiError } from "@/lib/client/api-error";
import type { RetryRegistration } from "@/lib/client/use-registrations";
import { who } from "./registration-cells";

/** What the last Retry did, said once (focus moves here, so a row that leaves a filtered list does not take the focus with it). */
export function RetryNotice({ retry, detailsHref }: { retry: RetryRegistration; detailsHref: (id: string) => string }) {
  const box = useRef<HTMLDivElement>(null);
  const settled = retry.isSuccess || retry.isError;
  useEffect(() => {
    if (settled) box.current?.focus();
  }, [settled, retry.submittedAt]);
  return (
    <div ref={box} tabIndex={-1} className="outline-none empty:hidden" data-testid="retry-notice">
      {retry.isSuccess ? (
        <Alert tone="info" title="Queued again">
          Registration of {who(retry.data)} is {retry.data.status} again and will be tried now.{" "}
          <Link href={detailsHref(retry.data.registration_id)} scroll={false} className="font-medium underline">
            Show it
          </Link>
        </Alert>
      ) : retry.isError ? (
        <Alert tone="error" title="Could not retry">
          {describeApiError(retry.error)}
        </Alert>
      ) : null}
    </div>
  );
}
