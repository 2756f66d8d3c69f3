import { describe, expect, it } from 'vitest';
import { checkPasswordRules, hashPassword, needsRehash, parsePasswordHash, verifyPassword } from './password.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('hashes with a fresh salt and the parameters in the hash, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery', FAST);
    const b = await hashPassword('correct horse battery', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'garbage')).toBe(false);
  });

  it('verifies with the parameters stored in the hash, so they can be raised later', async () => {
    const old = await hashPassword('an older password', { N: 512, r: 8, p: 1 });
    expect(parsePasswordHash(old)?.params).toEqual({ N: 512, r: 8, p: 1 });
    expect(await verifyPassword('an older password', old)).toBe(true);
    expect(needsRehash(old, FAST)).toBe(true);
    expect(needsRehash(await hashPassword('a newer password', FAST), FAST)).toBe(false);
  });

  it('accepts 10 to 200 characters, counted as characters', () => {
    expect(() => checkPasswordRules('123456789')).toThrow(expect.objectContaining({ code: 'PASSWORD_TOO_SHORT' }));
    expect(() => checkPasswordRules('1234567890')).not.toThrow();
    expect(() => checkPasswordRules('x'.repeat(200))).not.toThrow();
    expect(() => checkPasswordRules('x'.repeat(201))).toThrow(expect.objectContaining({ code: 'PASSWORD_TOO_LONG' }));
    // Nine emoji are 18 UTF-16 units but nine characters.
    expect(() => checkPasswordRules('😀'.repeat(9))).toThrow(expect.objectContaining({ code: 'PASSWORD_TOO_SHORT' }));
  });
});
