import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { checkIdempotencyKey, deriveChunkKey, MAX_IDEMPOTENCY_KEY_LENGTH, newIdempotencyKey, splitIntoChunks } from './idempotency.js';

describe('idempotency keys', () => {
  it('makes a fresh UUID per purchase', () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes 1 to 255 visible ASCII characters, as the server does', () => {
    expect(checkIdempotencyKey('order-4711')).toBe('order-4711');
    expect(checkIdempotencyKey('x'.repeat(255))).toHaveLength(255);
    for (const bad of ['', ' ', 'has space', 'x'.repeat(256), 'é', 'tab\there']) {
      expect(() => checkIdempotencyKey(bad)).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY_KEY_INVALID' }));
    }
  });

  it('derives the keys of a batch deterministically: BATCHKEY.1, BATCHKEY.2, …', () => {
    expect([0, 1, 2].map((i) => deriveChunkKey('batch-2500', i))).toEqual(['batch-2500.1', 'batch-2500.2', 'batch-2500.3']);
    expect(deriveChunkKey('batch-2500', 1)).toBe(deriveChunkKey('batch-2500', 1));
  });

  it('hashes a batch key too long to take the suffix, keeping every derived key valid and distinct', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x21-\x7e]{1,255}$/), fc.nat(20), (batchKey, index) => {
        const key = deriveChunkKey(batchKey, index);
        expect(key.length).toBeLessThanOrEqual(MAX_IDEMPOTENCY_KEY_LENGTH);
        expect(checkIdempotencyKey(key)).toBe(key);
        expect(key).not.toBe(deriveChunkKey(batchKey, index + 1));
        expect(key.endsWith(`.${index + 1}`)).toBe(true);
      }),
    );
    const long = 'k'.repeat(255);
    expect(deriveChunkKey(long, 0)).toMatch(/^[0-9a-f]{64}\.1$/);
  });

  it('refuses an invalid batch key', () => {
    let caught: unknown;
    try {
      deriveChunkKey('', 0);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'IDEMPOTENCY_KEY_INVALID')).toBe(true);
  });
});

describe('splitIntoChunks', () => {
  it('splits 2500 into 1000, 1000 and 500', () => {
    expect(splitIntoChunks(Array.from({ length: 2500 }, (_, i) => i), 1000).map((c) => c.length)).toEqual([1000, 1000, 500]);
  });

  it('keeps every item once, in order, in chunks of at most the size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (items, size) => {
        const chunks = splitIntoChunks(items, size);
        expect(chunks.flat()).toEqual(items);
        expect(chunks.every((c) => c.length >= 1 && c.length <= size)).toBe(true);
        expect(chunks.slice(0, -1).every((c) => c.length === size)).toBe(true);
      }),
    );
  });
});
