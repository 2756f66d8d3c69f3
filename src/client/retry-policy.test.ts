import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelayMs, type AttemptOutcome } from './retry-policy.js';

const answer = (status: number, code?: string, retryAfterMs?: number): AttemptOutcome => ({ kind: 'answer', status, code, retryAfterMs });

describe('isRetryable', () => {
  it('retries what has no definite answer: network failures, timeouts, 5xx and PURCHASE_IN_PROGRESS', () => {
    const retried: AttemptOutcome[] = [{ kind: 'network' }, { kind: 'timeout' }, answer(500), answer(502), answer(503, 'PURCHASE_IN_DOUBT'), answer(504), answer(409, 'PURCHASE_IN_PROGRESS')];
    for (const outcome of retried) expect(isRetryable(outcome), JSON.stringify(outcome)).toBe(true);
  });

  it('never retries another 4xx, IDEMPOTENCY_KEY_REUSED included', () => {
    const final = [answer(400, 'ZIP_INVALID'), answer(401, 'API_KEY_INVALID'), answer(402), answer(404, 'STAMP_NOT_FOUND'), answer(409, 'IDEMPOTENCY_KEY_REUSED'), answer(409, 'PSD_FUNDS_EXHAUSTED'), answer(429), answer(501)];
    for (const outcome of final) expect(isRetryable(outcome), JSON.stringify(outcome)).toBe(false);
  });
});

describe('retryDelayMs', () => {
  const policy = DEFAULT_RETRY_POLICY;

  it('honours Retry-After, cut to the longest the policy allows', () => {
    expect(retryDelayMs(0, answer(503, 'NO_PROCESSING_SERVER', 5_000), policy, () => 0.9)).toBe(5_000);
    expect(retryDelayMs(3, answer(503, undefined, 3_600_000), policy, () => 0.9)).toBe(policy.maxRetryAfterMs);
  });

  it('backs off exponentially with jitter between half and all of the step, up to the maximum', () => {
    for (const retry of [0, 1, 2, 3, 10]) {
      const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
      expect(retryDelayMs(retry, { kind: 'network' }, policy, () => 0)).toBe(step / 2);
      expect(retryDelayMs(retry, { kind: 'network' }, policy, () => 0.999999)).toBe(Math.round(step / 2 + (step / 2) * 0.999999));
    }
  });

  it('asks again about a purchase in progress no sooner than a second later', () => {
    expect(retryDelayMs(0, answer(409, 'PURCHASE_IN_PROGRESS'), policy, () => 0)).toBe(policy.inProgressDelayMs);
    expect(retryDelayMs(6, answer(409, 'PURCHASE_IN_PROGRESS'), policy, () => 1)).toBe(policy.maxDelayMs);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 24, 12, 0, 0);

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', now)).toBe(5_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const header of [null, undefined, '', '-1', '1.5', 'soon', '12345678901']) expect(parseRetryAfter(header, now), String(header)).toBeUndefined();
  });
});
