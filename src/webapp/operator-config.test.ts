import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { DEFAULT_OPERATOR_SESSION_MS, readOperatorConfig } from './operator-config.js';

describe('readOperatorConfig', () => {
  it('is null without a token: the console is disabled', () => {
    expect(readOperatorConfig({})).toBeNull();
  });

  it('reads the token, the session length and the authority', () => {
    expect(
      readOperatorConfig({ INDICIA_OPERATOR_TOKEN: ' 0123456789abcdef ', INDICIA_AUTHORITY_URL: 'http://127.0.0.1:8080/', INDICIA_AUTHORITY_TOKEN: 'vendor', INDICIA_OPERATOR_SESSION_MINUTES: '30' }),
    ).toEqual({ token: '0123456789abcdef', sessionMs: 1_800_000, authorityUrl: 'http://127.0.0.1:8080', authorityToken: 'vendor' });
    expect(readOperatorConfig({ INDICIA_OPERATOR_TOKEN: '0123456789abcdef' })).toMatchObject({ sessionMs: DEFAULT_OPERATOR_SESSION_MS, authorityUrl: null });
  });

  it('names every problem in CONFIG_INVALID', () => {
    try {
      readOperatorConfig({ INDICIA_OPERATOR_TOKEN: 'short', INDICIA_AUTHORITY_URL: 'ftp://x', INDICIA_OPERATOR_SESSION_MINUTES: '0' });
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'CONFIG_INVALID')).toBe(true);
      expect((err as { details: { problems: string[] } }).details.problems).toHaveLength(4);
    }
  });
});
