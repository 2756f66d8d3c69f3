import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { AuthorityRefundPublisher, readPublication } from './authority-refund-publisher.js';

describe('reading the authority refund record', () => {
  it('is not used when never scanned, used when scanned before the refund, not used when scanned after it', () => {
    const refundedAt = '2026-03-01T12:00:00.250Z';
    expect(readPublication({ refundedAt, firstScannedAt: null })).toEqual({ scannedBefore: false, publishedAtMs: Date.parse(refundedAt) });
    expect(readPublication({ refundedAt, firstScannedAt: '2026-03-01T11:00:00.000Z' }).scannedBefore).toBe(true);
    expect(readPublication({ refundedAt, firstScannedAt: '2026-03-02T11:00:00.000Z' }).scannedBefore).toBe(false);
  });

  it('refuses an answer that is not a refund record with AUTHORITY_ANSWER_INVALID', () => {
    for (const bad of [null, {}, { refundedAt: 'yesterday', firstScannedAt: null }, { refundedAt: '2026-03-01T12:00:00Z', firstScannedAt: 5 }]) {
      expect(() => readPublication(bad)).toThrow(expect.objectContaining({ code: 'AUTHORITY_ANSWER_INVALID' }));
    }
  });
});

describe('AuthorityRefundPublisher', () => {
  it('posts {psdId, pieceCount} to /v1/refunds with the vendor token', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fakeFetch = (async (url: URL | string, init?: RequestInit) => {
      seen.push({ url: String(url), init });
      return new Response(JSON.stringify({ refundedAt: '2026-03-01T12:00:00.000Z', firstScannedAt: null }), { status: 201 });
    }) as typeof fetch;
    const publisher = new AuthorityRefundPublisher({ baseUrl: 'http://authority.test:4401', token: 'tok', timeoutMs: 1000, fetch: fakeFetch });
    expect(await publisher.publish({ psdId: 7, pieceCount: 12 })).toEqual({ scannedBefore: false, publishedAtMs: Date.parse('2026-03-01T12:00:00.000Z') });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('http://authority.test:4401/v1/refunds');
    expect(seen[0]?.init?.method).toBe('POST');
    expect((seen[0]?.init?.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({ psdId: 7, pieceCount: 12 });
  });

  it('reports an unreachable authority as AUTHORITY_UNAVAILABLE', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    const publisher = new AuthorityRefundPublisher({ baseUrl: 'http://127.0.0.1:9', token: 'tok', timeoutMs: 1000, fetch: failing });
    const err = await publisher.publish({ psdId: 1, pieceCount: 1 }).catch((e: unknown) => e);
    expect(isAppError(err, 'AUTHORITY_UNAVAILABLE')).toBe(true);
  });
});
