import { describe, expect, it } from 'vitest';
import { OperatorSessions } from './operator-session.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');

describe('OperatorSessions', () => {
  const sessions = new OperatorSessions('operator-token-0123456789', 60_000);

  it('checks the operator token', () => {
    expect(sessions.tokenMatches('operator-token-0123456789')).toBe(true);
    expect(sessions.tokenMatches('operator-token-012345678')).toBe(false);
    expect(sessions.tokenMatches('')).toBe(false);
  });

  it('verifies its own cookie until it expires, and no altered one', () => {
    const { cookieValue, session, csrfToken } = sessions.issue(T0);
    expect(sessions.verify(cookieValue, T0 + 59_999)).toEqual(session);
    expect(sessions.verify(cookieValue, T0 + 60_000)).toBeNull();
    const [id, expires, mac] = cookieValue.split('.');
    expect(sessions.verify(`${id}.${Number(expires) + 1}.${mac}`, T0)).toBeNull();
    expect(sessions.verify(undefined, T0)).toBeNull();
    // Another token's sessions are not this one's.
    expect(new OperatorSessions('another-token-0123456789', 60_000).verify(cookieValue, T0)).toBeNull();
    expect(sessions.csrfMatches(session, csrfToken)).toBe(true);
    expect(sessions.csrfMatches(session, undefined)).toBe(false);
    expect(sessions.csrfMatches(sessions.issue(T0).session, csrfToken)).toBe(false);
  });

  it('issues login CSRF tokens valid for an hour', () => {
    const token = sessions.loginCsrfToken(T0);
    expect(sessions.loginCsrfMatches(token, T0 + 3_599_999)).toBe(true);
    expect(sessions.loginCsrfMatches(token, T0 + 3_600_000)).toBe(false);
    expect(sessions.loginCsrfMatches(token.replace(/^\d/, (d) => String((Number(d) + 1) % 10)), T0)).toBe(false);
  });
});
