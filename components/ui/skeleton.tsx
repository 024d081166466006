export function Skeleton({ className = "h-4 w-full" }: { className?: string }) {
  return <span className={`block animate-pulse rounded bg-slate-200 ${className}`} aria-hidden="true" />;
}

/** Placeholder rows while a table page loads. */
export function SkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} data-testid="skeleton-row">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c} className="px-3 py-3">
              <Skeleton className={c === 0 ? "h-4 w-16" : "h-4 w-full max-w-48"} />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
