import "server-only";

/** A body of unknown size (chunked) is counted at the JSON routes' cap. */
export const UNSIZED_BODY_BYTES = 1_000_000;

interface Waiter {
  bytes: number;
  admit(): void;
}

/**
 * A bound on the request bodies one server process reads and works on at once
 * (HTTP_INFLIGHT_MAX_BODY_BYTES). A request past it waits, first come first served, before its body
 * is read: the bytes stay in the socket (TCP pushes back on the sender), not in the heap, and
 * nothing is refused or lost; it is read as soon as earlier bodies are done with. Requests
 * without a body (health, reads) never wait here. One body always fits, however large.
 */
export class BodyAdmission {
  private used = 0;
  private readonly waiting: Waiter[] = [];
  peakBytes = 0;
  /** Requests that had to wait for room. */
  waited = 0;

  constructor(private readonly maxBytes: number) {}

  /** Resolves with a release function once `bytes` more fit (immediately when they do). */
  async admit(bytes: number): Promise<() => void> {
    if (bytes <= 0) return () => {};
    if (this.waiting.length || !this.fits(bytes)) {
      this.waited++;
      await new Promise<void>((admit) => this.waiting.push({ bytes, admit }));
    } else {
      this.take(bytes);
    }
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.used -= bytes;
      this.admitWaiting();
    };
  }

  stats() {
    return { usedBytes: this.used, waiting: this.waiting.length, peakBytes: this.peakBytes, waited: this.waited };
  }

  private fits(bytes: number) {
    return this.used === 0 || this.used + bytes <= this.maxBytes;
  }

  private take(bytes: number) {
    this.used += bytes;
    this.peakBytes = Math.max(this.peakBytes, this.used);
  }

  private admitWaiting() {
    while (this.waiting.length && this.fits(this.waiting[0].bytes)) {
      const next = this.waiting.shift()!;
      this.take(next.bytes);
      next.admit();
    }
  }
}

/** What a request's body counts for: its Content-Length, else the cap. 0: no body. */
export function bodyWeight(method: string, headers: { "content-length"?: string; "transfer-encoding"?: string }): number {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return 0;
  if (headers["transfer-encoding"]) return UNSIZED_BODY_BYTES;
  // Neither header: HTTP/1.1 says there is no body.
  const length = Number(headers["content-length"] ?? 0);
  return Number.isFinite(length) ? Math.min(Math.max(0, length), UNSIZED_BODY_BYTES) : UNSIZED_BODY_BYTES;
}
