// A fixed-window rate limit per client address for the public verification endpoint. Decoding an
// upload runs on the event loop (0.2 s for a 4-megapixel photo, seconds at the 40-megapixel cap), so a
// member of the public may not queue an unbounded number of them. Kept in memory per app instance:
// the limit is a guard against one busy client, not an accounting record.

/** How many requests one address may make per window. */
export interface RateLimitPolicy {
  /** Requests allowed per window and address. */
  readonly max: number;
  /** Length of a window, in milliseconds. */
  readonly windowMs: number;
  /** Addresses remembered at most; beyond it, expired windows are dropped, then the oldest. */
  readonly maxTracked?: number;
}

/** The answer for one request. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** 30 verifications a minute per address: a person checking stamps by hand never meets it. */
export const DEFAULT_VERIFY_RATE_LIMIT: RateLimitPolicy = Object.freeze({ max: 30, windowMs: 60_000, maxTracked: 10_000 });

interface Window {
  readonly startMs: number;
  count: number;
}

/** Counts requests per key in fixed windows; the clock is passed with each request. */
export class FixedWindowRateLimiter {
  readonly #windows = new Map<string, Window>();

  constructor(private readonly policy: RateLimitPolicy = DEFAULT_VERIFY_RATE_LIMIT) {
    if (!Number.isInteger(policy.max) || policy.max < 1 || !(policy.windowMs > 0)) {
      throw new Error(`A rate limit needs max >= 1 and windowMs > 0, not ${policy.max} and ${policy.windowMs}`);
    }
  }

  /** Counts one request of `key` at `nowMs` and says whether it may go ahead. */
  take(key: string, nowMs: number): RateDecision {
    let window = this.#windows.get(key);
    if (window === undefined || nowMs - window.startMs >= this.policy.windowMs) {
      this.#windows.delete(key);
      this.#makeRoom(nowMs);
      window = { startMs: nowMs, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.policy.max) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startMs + this.policy.windowMs - nowMs) / 1000)) };
    }
    window.count++;
    return { allowed: true };
  }

  /** How many addresses are tracked now. */
  get tracked(): number {
    return this.#windows.size;
  }

  #makeRoom(nowMs: number): void {
    const maxTracked = this.policy.maxTracked ?? DEFAULT_VERIFY_RATE_LIMIT.maxTracked ?? 10_000;
    if (this.#windows.size < maxTracked) return;
    for (const [key, w] of this.#windows) if (nowMs - w.startMs >= this.policy.windowMs) this.#windows.delete(key);
    // Still full of live windows: forget the oldest (Map keeps insertion order, and a new window is inserted last).
    while (this.#windows.size >= maxTracked) this.#windows.delete(this.#windows.keys().next().value as string);
  }
}
