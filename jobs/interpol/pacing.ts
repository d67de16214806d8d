// Pacing for the Interpol client: back-off, Retry-After, a concurrency cap and a rate limit.
// Pure or self-contained, so each can be tested and reasoned about on its own.

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted"));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - nowMs);
}

/** Full jitter: uniform in [0, min(max, base·2^(n-1))]. */
export function backoffDelay(retryNumber: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** Statuses worth another try: the CDN's 403, rate limiting, and the gateway family. */
export function isRetryableStatus(status: number): boolean {
  return status === 403 || status === 429 || (status >= 500 && status <= 599);
}

/** Caps requests in flight; FIFO so no caller starves. */
export class Semaphore {
  private active = 0;
  private waiters: Array<() => void> = [];
  constructor(private readonly max: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.active--;
  }
}

/**
 * Token bucket with capacity `burst` refilled at `rps`, written as GCRA (a "theoretical arrival
 * time"): equivalent, and needs no timer when idle. Burst 1 spaces requests evenly, which is politer.
 */
export class RateLimiter {
  private tat = 0;
  private readonly interval: number;
  constructor(
    rps: number,
    private readonly burst: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {
    this.interval = rps > 0 && Number.isFinite(rps) ? 1000 / rps : 0;
  }
  /** Resolves when the caller may start its request. */
  async take(signal?: AbortSignal): Promise<void> {
    if (this.interval === 0) return;
    const now = this.now();
    this.tat = Math.max(this.tat, now);
    const wait = this.tat - (this.burst - 1) * this.interval - now;
    this.tat += this.interval; // reserve the slot before waiting, so concurrent callers queue up
    if (wait > 0) await this.sleep(wait, signal);
  }
}

/** What the client needs of a rate limiter (a test may count what passes through it). */
export interface Limiter {
  take(signal?: AbortSignal): Promise<void>;
}
