import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { WEB_CONFIG_DEFAULTS, loadWebConfig } from './config.js';

const minimal = { INDICIA_LICENSE_NUMBER: '40001234', INDICIA_INTERNAL_TOKEN: 'a-long-enough-shared-secret' };

describe('loadWebConfig', () => {
  it('fills defaults, reads the environment and freezes the result', () => {
    const config = loadWebConfig({ ...minimal, INDICIA_WEB_PORT: '9000', INDICIA_DISPATCH_TIMEOUT_MS: '2500', INDICIA_DATABASE_URL: 'postgres://db/web' });
    expect(config).toMatchObject({ port: 9000, dispatchTimeoutMs: 2500, databaseUrl: 'postgres://db/web', licenseNumber: 40001234 });
    expect(config.healthIntervalMs).toBe(WEB_CONFIG_DEFAULTS.healthIntervalMs);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every problem at once', () => {
    try {
      loadWebConfig({ INDICIA_WEB_PORT: '70000', INDICIA_HEALTH_INTERVAL_MS: '5s' });
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'CONFIG_INVALID')).toBe(true);
      const problems = (err as { details: { problems: string[] } }).details.problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/INDICIA_WEB_PORT[\s\S]*INDICIA_LICENSE_NUMBER is required[\s\S]*INDICIA_HEALTH_INTERVAL_MS[\s\S]*INDICIA_INTERNAL_TOKEN/);
    }
  });
});
