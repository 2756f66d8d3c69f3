import { describe, expect, it } from 'vitest';
import { readCookie, sessionCookie } from './cookies.js';
import { checkCsrf, isUnsafeMethod } from './csrf.js';
import { LoginThrottle } from './login-throttle.js';

describe('CSRF', () => {
  const token = 'a'.repeat(43);
  it('lets safe methods through without a token', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS']) expect(() => checkCsrf(m, undefined, token)).not.toThrow();
    expect(isUnsafeMethod('patch')).toBe(true);
  });
  it('needs the session token on POST, PUT, PATCH and DELETE', () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(() => checkCsrf(m, undefined, token)).toThrow(expect.objectContaining({ code: 'CSRF_TOKEN_MISSING' }));
      expect(() => checkCsrf(m, 'b'.repeat(43), token)).toThrow(expect.objectContaining({ code: 'CSRF_TOKEN_INVALID' }));
      expect(() => checkCsrf(m, 'short', token)).toThrow(expect.objectContaining({ code: 'CSRF_TOKEN_INVALID' }));
      expect(() => checkCsrf(m, [token, token], token)).toThrow(expect.objectContaining({ code: 'CSRF_TOKEN_INVALID' }));
      expect(() => checkCsrf(m, token, token)).not.toThrow();
    }
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and Secure only over https; reads back among other cookies', () => {
    expect(sessionCookie('abc', { secure: false, maxAgeSeconds: 60 })).toBe('indicia_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60');
    expect(sessionCookie('abc', { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
    expect(readCookie('a=1; indicia_session=xyz; b=2', 'indicia_session')).toBe('xyz');
    expect(readCookie('a=1', 'indicia_session')).toBeUndefined();
    expect(readCookie(undefined, 'indicia_session')).toBeUndefined();
  });
});

describe('login throttle', () => {
  it('refuses after 5 failures in the window, says when to retry, and forgets on success', () => {
    const t = new LoginThrottle({ maxFailures: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      expect(() => t.check('a@x.com', 1_000 * i)).not.toThrow();
      t.fail('a@x.com', 1_000 * i);
    }
    expect(() => t.check('a@x.com', 10_000)).toThrow(expect.objectContaining({ code: 'LOGIN_THROTTLED', details: { retryAfterSeconds: 50 } }));
    expect(() => t.check('b@x.com', 10_000)).not.toThrow();
    expect(() => t.check('a@x.com', 60_001)).not.toThrow();
    t.succeed('a@x.com');
    expect(() => t.check('a@x.com', 10_000)).not.toThrow();
  });
});
