import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { authorityConfigFromEnv, loadAuthorityConfig } from './config.js';

const TOKEN = 'v'.repeat(32);

describe('authority configuration', () => {
  it('applies loopback and the other defaults, and freezes the result', () => {
    const config = authorityConfigFromEnv({ AUTHORITY_VENDOR_TOKEN: TOKEN, AUTHORITY_DATA_DIR: '/srv/authority' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4401,
      dataDir: '/srv/authority',
      databaseUrl: 'sqlite:/srv/authority/authority.db',
      operatorToken: null,
      licenseNumber: null,
      inspectionIntervalDays: 90,
      maxResetMills: 100_000_000n,
      initialDepositMills: 0n,
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every setting from its environment variable, money as exact bigint mills', () => {
    const config = authorityConfigFromEnv({
      AUTHORITY_VENDOR_TOKEN: TOKEN,
      AUTHORITY_OPERATOR_TOKEN: 'o'.repeat(40),
      AUTHORITY_PORT: '0',
      AUTHORITY_HOST: '::1',
      AUTHORITY_LICENSE_NUMBER: '40001234',
      AUTHORITY_MAX_RESET_MILLS: '999999999999999999',
      AUTHORITY_INITIAL_DEPOSIT_MILLS: '100000000',
      AUTHORITY_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test?schema=authority',
      AUTHORITY_LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '::1',
      licenseNumber: 40001234,
      maxResetMills: 999_999_999_999_999_999n,
      initialDepositMills: 100_000_000n,
      operatorToken: 'o'.repeat(40),
      logLevel: 'silent',
    });
  });

  it('reports every bad setting at once, by its variable name', () => {
    let caught: unknown;
    try {
      authorityConfigFromEnv({
        AUTHORITY_VENDOR_TOKEN: 'short',
        AUTHORITY_PORT: '70000',
        AUTHORITY_LICENSE_NUMBER: '0',
        AUTHORITY_MAX_RESET_MILLS: '1.5',
        AUTHORITY_LOG_LEVEL: 'loud',
      });
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'CONFIG_INVALID')).toBe(true);
    const problems = (caught as { details: { problems: string[] } }).details.problems;
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'AUTHORITY_PORT',
      'AUTHORITY_VENDOR_TOKEN',
      'AUTHORITY_LICENSE_NUMBER',
      'AUTHORITY_MAX_RESET_MILLS',
      'AUTHORITY_LOG_LEVEL',
    ]);
  });

  it('requires a vendor token, and an operator token different from it', () => {
    expect(() => loadAuthorityConfig({})).toThrow(/vendorToken is required/);
    expect(() => loadAuthorityConfig({ vendorToken: TOKEN, operatorToken: TOKEN })).toThrow(/operatorToken must differ from vendorToken/);
    expect(() => loadAuthorityConfig({ vendorToken: TOKEN, initialDepositMills: 5n, maxFundingMills: 4n })).toThrow(/initialDepositMills exceeds/);
  });
});
