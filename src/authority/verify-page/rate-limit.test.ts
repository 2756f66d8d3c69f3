import { describe, expect, it } from 'vitest';
import { FixedWindowRateLimiter } from './rate-limit.js';

describe('FixedWindowRateLimiter', () => {
  it('lets max requests through per window and tells how long to wait after that', () => {
    const limiter = new FixedWindowRateLimiter({ max: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect([0, 1, 2].map((i) => limiter.take('a', t0 + i * 1000).allowed)).toEqual([true, true, true]);
    // 3 s into the window: 57 s remain.
    expect(limiter.take('a', t0 + 3000)).toEqual({ allowed: false, retryAfterSeconds: 57 });
    expect(limiter.take('a', t0 + 59_500)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another address has its own window.
    expect(limiter.take('b', t0 + 3000).allowed).toBe(true);
  });

  it('opens a new window once the old one has passed', () => {
    const limiter = new FixedWindowRateLimiter({ max: 1, windowMs: 10_000 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 9_999).allowed).toBe(false);
    expect(limiter.take('a', 10_000).allowed).toBe(true);
    expect(limiter.take('a', 10_001).allowed).toBe(false);
  });

  it('remembers at most maxTracked addresses, dropping expired windows first, then the oldest', () => {
    const limiter = new FixedWindowRateLimiter({ max: 1, windowMs: 1000, maxTracked: 3 });
    limiter.take('a', 0);
    limiter.take('b', 500);
    limiter.take('c', 600);
    // 'a' has expired at 1200 and is dropped to make room; 'b' and 'c' are still counted.
    limiter.take('d', 1200);
    expect(limiter.tracked).toBe(3);
    expect(limiter.take('b', 1300).allowed).toBe(false);
    // All live: the oldest ('b') is forgotten, so it may go again.
    limiter.take('e', 1400);
    expect(limiter.tracked).toBe(3);
    expect(limiter.take('c', 1450).allowed).toBe(false);
    expect(limiter.take('b', 1460).allowed).toBe(true);
  });

  it('refuses a policy that would let nothing through', () => {
    expect(() => new FixedWindowRateLimiter({ max: 0, windowMs: 1000 })).toThrow(/max >= 1/);
    expect(() => new FixedWindowRateLimiter({ max: 1, windowMs: 0 })).toThrow(/windowMs > 0/);
  });
});
