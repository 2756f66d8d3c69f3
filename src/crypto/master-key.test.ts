import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAppError } from '../errors/app-error.js';
import { parseMasterKey } from './master-key.js';

describe('parseMasterKey', () => {
  it('reads 32 bytes given as hex (either case), base64, base64 without padding or base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const key = Buffer.from(bytes);
        for (const text of [key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64'), key.toString('base64').replace(/=$/, ''), key.toString('base64url'), ` ${key.toString('hex')}\n`]) {
          expect(parseMasterKey(text).equals(key)).toBe(true);
        }
      }),
    );
  });

  it('accepts the raw 32 bytes', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key).equals(key)).toBe(true);
  });

  it('refuses missing, short, long and non-key text with CRYPTO_MASTER_KEY_INVALID, without echoing it', () => {
    const secretLooking = randomBytes(33).toString('hex');
    for (const text of [undefined, '', '   ', randomBytes(31).toString('hex'), secretLooking, randomBytes(24).toString('base64'), 'g'.repeat(64), randomBytes(16)]) {
      let caught: unknown;
      try {
        parseMasterKey(text);
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught, 'CRYPTO_MASTER_KEY_INVALID')).toBe(true);
      expect((caught as Error).message).not.toContain(secretLooking);
    }
  });
});
