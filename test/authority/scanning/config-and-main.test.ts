// The scanner token and the scan upload limit, from the configuration to a listening server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { authorityConfigFromEnv, loadAuthorityConfig } from '../../../src/authority/config.js';
import { startAuthorityServer } from '../../../src/authority/main.js';
import { isAppError } from '../../../src/errors/app-error.js';
import { forDialect } from '../../helpers/dialects.js';

const VENDOR = 'vendor-token-for-the-scan-test-0123456789';
const OPERATOR = 'operator-token-for-the-scan-test-0123456789';
const SCANNER = 'scanner-token-for-the-scan-test-0123456789';

function problemsOf(input: Parameters<typeof loadAuthorityConfig>[0]): string[] {
  try {
    loadAuthorityConfig(input);
  } catch (err) {
    if (isAppError(err, 'CONFIG_INVALID')) return err.details?.problems as string[];
    throw err;
  }
  return [];
}

describe('scanning configuration', () => {
  it('reads the scanner token and the upload limit from the environment, with defaults', () => {
    expect(authorityConfigFromEnv({ AUTHORITY_VENDOR_TOKEN: VENDOR })).toMatchObject({ scannerToken: null, scanBodyLimitBytes: 10 * 1024 * 1024 });
    const config = authorityConfigFromEnv({ AUTHORITY_VENDOR_TOKEN: VENDOR, AUTHORITY_SCANNER_TOKEN: SCANNER, AUTHORITY_SCAN_BODY_LIMIT_BYTES: '1048576' });
    expect(config).toMatchObject({ scannerToken: SCANNER, scanBodyLimitBytes: 1_048_576 });
  });

  it('refuses a short scanner token, one equal to another token, and an upload limit out of range', () => {
    expect(problemsOf({ vendorToken: VENDOR, scannerToken: 'short' })).toEqual(['scannerToken must be at least 32 characters without spaces']);
    expect(problemsOf({ vendorToken: VENDOR, scannerToken: VENDOR })).toEqual(['scannerToken must differ from vendorToken and operatorToken']);
    expect(problemsOf({ vendorToken: VENDOR, operatorToken: OPERATOR, scannerToken: OPERATOR })).toEqual([
      'scannerToken must differ from vendorToken and operatorToken',
    ]);
    expect(problemsOf({ vendorToken: VENDOR, scanBodyLimitBytes: 10 })).toEqual(['scanBodyLimitBytes must be a whole number from 1024 to 67108864, got 10']);
  });
});

forDialect('sqlite', (open) => {
  it('startAuthorityServer lets the configured scanner token scan, and refuses it without one', async () => {
    const db = await open();
    const dataDir = mkdtempSync(join(tmpdir(), 'authority-scan-main-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const base = { vendorToken: VENDOR, operatorToken: OPERATOR, port: 0, dataDir, databaseUrl: db.url, logLevel: 'silent' } as const;
    const scan = (url: string) =>
      fetch(`${url}/v1/scans`, { method: 'POST', headers: { authorization: `Bearer ${SCANNER}`, 'content-type': 'application/json' }, body: '{"indicium":"00"}' });

    const withScanner = await startAuthorityServer(loadAuthorityConfig({ ...base, scannerToken: SCANNER }));
    try {
      const res = await scan(withScanner.url);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ results: [{ status: 'invalid', rule: 1, reason: 'The indicium is 1 bytes long, not 117' }] });
    } finally {
      await withScanner.close();
    }
    const without = await startAuthorityServer(loadAuthorityConfig(base));
    try {
      expect(await (await scan(without.url)).json()).toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    } finally {
      await without.close();
    }
  });
});
