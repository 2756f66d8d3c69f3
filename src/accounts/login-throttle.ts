// Throttling of failed logins per email address: after `maxFailures` failures within `windowMs`, every
// login for that address is refused (even with the right password) until the oldest failure leaves the
// window. Kept in memory: each web server throttles on its own, which bounds guessing to a small
// multiple of the limit per window; a restart forgets, which costs an attacker a restart they cannot cause.
import { AppError } from '../errors/app-error.js';

/** Limits of the throttle. */
export interface LoginThrottleOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
  /** Most email addresses tracked at once (oldest dropped first), so memory stays bounded. */
  readonly maxTracked?: number;
}

/** The default: 5 failures in 15 minutes. */
export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = Object.freeze({ maxFailures: 5, windowMs: 15 * 60_000, maxTracked: 100_000 });

/** Failed-login counter per email address. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {}

  /** Throws LOGIN_THROTTLED (details.retryAfterSeconds) when `email` has too many recent failures. */
  check(email: string, nowMs: number): void {
    const recent = this.recent(email, nowMs);
    if (recent.length < this.options.maxFailures) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((recent[recent.length - this.options.maxFailures]! + this.options.windowMs - nowMs) / 1000));
    throw new AppError('LOGIN_THROTTLED', `Too many failed logins for this address; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }

  /** Counts a failure. */
  fail(email: string, nowMs: number): void {
    const recent = this.recent(email, nowMs);
    recent.push(nowMs);
    this.failures.delete(email);
    const max = this.options.maxTracked ?? 100_000;
    if (this.failures.size >= max) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    // Only the last maxFailures matter.
    this.failures.set(email, recent.slice(-this.options.maxFailures));
  }

  /** Forgets the failures of `email` (after a successful login). */
  succeed(email: string): void {
    this.failures.delete(email);
  }

  private recent(email: string, nowMs: number): number[] {
    return (this.failures.get(email) ?? []).filter((t) => t > nowMs - this.options.windowMs);
  }
}
