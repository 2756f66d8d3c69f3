import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { loadProcessingConfig, type ProcessingConfigInput } from './config.js';
import { processingConfigFromEnv } from './config-env.js';

const TOKEN = 'internal-token-0123456789abcdef';
const AUTH_TOKEN = 'authority-token-0123456789abcdef';
const MASTER = 'ab'.repeat(32);

const minimal: ProcessingConfigInput = {
  serverId: 'processing-1',
  databaseUrl: 'sqlite:/tmp/ledger.db',
  internalToken: TOKEN,
  authorityUrl: 'http://127.0.0.1:4401/',
  authorityToken: AUTH_TOKEN,
  crypto: { kind: 'software', keyStoreDir: '/tmp/keys', masterKey: MASTER },
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (isAppError(err, 'CONFIG_INVALID')) return err.details?.problems as string[];
    throw err;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadProcessingConfig', () => {
  it('fills in defaults with units and freezes the result', () => {
    const config = loadProcessingConfig(minimal);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4411,
      licenseNumber: null,
      softwareId: 1,
      authorityUrl: 'http://127.0.0.1:4401',
      authorityPublicKeyPem: null,
      authorityTimeoutMs: 10_000,
      autoReset: true,
      resetThresholdMills: 100_000n,
      resetAmountMills: 1_000_000n,
      inspectionPeriodDays: 90,
      psdCount: 0,
      batchMaxSize: 256,
      batchMaxWaitMs: 2,
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.crypto)).toBe(true);
    expect(() => ((config as { port: number }).port = 1)).toThrow();
  });

  it('reports every problem at once, naming settings by their variables and never echoing a secret', () => {
    const problems = problemsOf(() =>
      loadProcessingConfig(
        { serverId: 'bad id!', port: '70000', internalToken: 'short', authorityUrl: 'ftp://x', autoReset: 'maybe', resetAmountMills: '1.5', crypto: { kind: 'pkcs11', tokenLabel: '', pin: '' } },
        { port: 'INDICIA_PROCESSING_PORT', internalToken: 'INDICIA_INTERNAL_TOKEN' },
      ),
    );
    expect(problems.join('\n')).toMatch(/serverId/);
    expect(problems.join('\n')).toMatch(/INDICIA_PROCESSING_PORT must be a whole number from 0 to 65535/);
    expect(problems.join('\n')).toMatch(/INDICIA_INTERNAL_TOKEN must be at least 16 characters/);
    expect(problems.join('\n')).toMatch(/databaseUrl is required/);
    expect(problems.join('\n')).toMatch(/authorityUrl must be an http or https URL/);
    expect(problems.join('\n')).toMatch(/authorityToken is required/);
    expect(problems.join('\n')).toMatch(/autoReset must be true or false/);
    expect(problems.join('\n')).toMatch(/resetAmountMills must be a whole number of mills/);
    expect(problems.join('\n')).toMatch(/tokenLabel/);
    expect(problems.join('\n')).not.toContain('short');
  });

  it('refuses the same secret as internal and authority token', () => {
    expect(problemsOf(() => loadProcessingConfig({ ...minimal, authorityToken: TOKEN }))).toEqual(['authorityToken must differ from internalToken']);
  });
});

describe('processingConfigFromEnv', () => {
  it('reads the environment, with secrets and the authority key from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'indicia-processing-config-'));
    try {
      writeFileSync(join(dir, 'master.key'), `${MASTER}\n`);
      writeFileSync(join(dir, 'authority.pem'), '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n');
      const config = processingConfigFromEnv({
        INDICIA_PROCESSING_SERVER_ID: 'processing-2',
        INDICIA_PROCESSING_PORT: '0',
        INDICIA_PROCESSING_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test?schema=p2',
        INDICIA_INTERNAL_TOKEN: TOKEN,
        INDICIA_LICENSE_NUMBER: '40001234',
        INDICIA_AUTHORITY_URL: 'https://authority.example',
        INDICIA_AUTHORITY_TOKEN: AUTH_TOKEN,
        INDICIA_AUTHORITY_PUBLIC_KEY_FILE: join(dir, 'authority.pem'),
        INDICIA_AUTO_RESET: 'off',
        INDICIA_RESET_THRESHOLD_MILLS: '5000',
        INDICIA_PROCESSING_PSD_COUNT: '4',
        INDICIA_PROCESSING_KEY_STORE_DIR: join(dir, 'keys'),
        INDICIA_PROCESSING_MASTER_KEY_FILE: join(dir, 'master.key'),
      });
      expect(config).toMatchObject({
        serverId: 'processing-2',
        port: 0,
        licenseNumber: 40001234,
        autoReset: false,
        resetThresholdMills: 5000n,
        psdCount: 4,
        authorityUrl: 'https://authority.example',
        crypto: { kind: 'software', keyStoreDir: join(dir, 'keys'), masterKey: MASTER },
      });
      expect(config.authorityPublicKeyPem).toContain('BEGIN PUBLIC KEY');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names an unreadable secret file without reading anything into the message', () => {
    const problems = problemsOf(() =>
      processingConfigFromEnv({ INDICIA_PROCESSING_CRYPTO: 'pkcs11', INDICIA_PROCESSING_PKCS11_TOKEN_LABEL: 't', INDICIA_PROCESSING_PKCS11_PIN_FILE: '/nonexistent/pin' }),
    );
    expect(problems[0]).toBe('INDICIA_PROCESSING_PKCS11_PIN_FILE names /nonexistent/pin, which cannot be read (ENOENT)');
    expect(problems.join('\n')).toMatch(/INDICIA_PROCESSING_SERVER_ID is required/);
  });
});
