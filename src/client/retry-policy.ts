// When the client tries a request again, and after how long. Pure: the random source and the clock are
// arguments. Only outcomes without a definite answer are retried; a purchase is always retried with the
// same Idempotency-Key, so a retry can never buy twice (docs/web-api.md, "Idempotency and retries").

/** What one attempt came to. */
export type AttemptOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly code?: string; readonly retryAfterMs?: number }
  /** The connection failed or broke before a whole answer arrived. */
  | { readonly kind: 'network' }
  /** No whole answer within the attempt's time limit. */
  | { readonly kind: 'timeout' };

/** How the client spaces its retries. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = try once). */
  readonly retries: number;
  /** First backoff step, in milliseconds; it doubles with every retry. */
  readonly baseDelayMs: number;
  /** Longest backoff step, in milliseconds. */
  readonly maxDelayMs: number;
  /** Longest Retry-After the client honours, in milliseconds; longer ones are cut to this. */
  readonly maxRetryAfterMs: number;
  /** Shortest wait before asking again about a purchase another request is working on, in milliseconds. */
  readonly inProgressDelayMs: number;
}

/** The defaults: 5 retries, 250 ms doubling to at most 10 s, Retry-After honoured up to 2 minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 120_000,
  inProgressDelayMs: 1_000,
});

/**
 * True when the outcome is not a definite answer and the same request may be sent again: a network
 * failure, a timeout, a 5xx (500, 502, 503, 504), or 409 PURCHASE_IN_PROGRESS. No other 4xx: the
 * request itself is wrong, or (IDEMPOTENCY_KEY_REUSED) the key belongs to another purchase.
 */
export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind !== 'answer') return true;
  if (outcome.status === 409) return outcome.code === 'PURCHASE_IN_PROGRESS';
  return outcome.status === 500 || outcome.status === 502 || outcome.status === 503 || outcome.status === 504;
}

/**
 * Milliseconds to wait before retry number `retry` (0 = the first retry): the server's Retry-After when
 * it sent one (cut to maxRetryAfterMs), else exponential backoff with jitter between half and all of the step.
 */
export function retryDelayMs(retry: number, outcome: AttemptOutcome, policy: RetryPolicy, random: () => number): number {
  if (outcome.kind === 'answer' && outcome.retryAfterMs !== undefined) return Math.min(outcome.retryAfterMs, policy.maxRetryAfterMs);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  // Jitter spreads the retries of many clients that failed at the same moment.
  const delay = Math.round(step / 2 + (step / 2) * random());
  if (outcome.kind === 'answer' && outcome.code === 'PURCHASE_IN_PROGRESS') return Math.max(delay, policy.inProgressDelayMs);
  return delay;
}

/**
 * Parses a Retry-After header (seconds, or an HTTP date) into milliseconds from `nowMs`; undefined
 * when absent or malformed. A date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[A-Za-z]/.test(text)) return undefined;
  return Math.max(0, at - nowMs);
}
