/** Small statistics helpers for the benchmark's figures. */

/** Nearest-rank percentile (q in 0..1) of unsorted samples; NaN when there are none. */
export function percentile(samples: number[], q: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (samples: number[]) => percentile(samples, 0.5);

export const fmtMs = (ms: number) => (Number.isNaN(ms) ? "n/a" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);

export const fmtNum = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

export const fmtMb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** kB of 1,000 bytes, as Next.js reported first-load sizes. */
export const fmtKb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
