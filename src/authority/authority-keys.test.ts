import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTHORITY_KEY_FILE, AUTHORITY_ROOT_FILE, loadOrCreateAuthorityKeys } from './authority-keys.js';

const options = { authorityName: 'Test Postal Authority', now: new Date('2026-01-01T00:00:00Z'), rootValidityDays: 3650 };
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'authority-keys-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateAuthorityKeys', () => {
  it('creates the key (mode 0600) and the root certificate once, then loads the same ones', async () => {
    const dir = join(tempDir(), 'authority');
    const first = await loadOrCreateAuthorityKeys(dir, options);
    expect(statSync(join(dir, AUTHORITY_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const root = new X509Certificate(readFileSync(join(dir, AUTHORITY_ROOT_FILE), 'utf8'));
    expect(root.subject).toBe('CN=Test Postal Authority');
    expect(root.publicKey.equals(first.publicKey)).toBe(true);
    expect(new Date(root.validTo).toISOString()).toBe('2035-12-30T00:00:00.000Z');
    const again = await loadOrCreateAuthorityKeys(dir, { ...options, now: new Date('2027-01-01T00:00:00Z') });
    expect(again.publicKeyPem).toBe(first.publicKeyPem);
    expect(again.rootCertificatePem).toBe(first.rootCertificatePem);
  });

  it('refuses a key file that others can read', async () => {
    const dir = tempDir();
    await loadOrCreateAuthorityKeys(dir, options);
    chmodSync(join(dir, AUTHORITY_KEY_FILE), 0o644);
    await expect(loadOrCreateAuthorityKeys(dir, options)).rejects.toMatchObject({ code: 'AUTHORITY_KEY_INSECURE' });
  });

  it('refuses a root certificate of another key, and a key that is not P-256', async () => {
    const dir = tempDir();
    await loadOrCreateAuthorityKeys(dir, options);
    const otherDir = tempDir();
    await loadOrCreateAuthorityKeys(otherDir, options);
    writeFileSync(join(dir, AUTHORITY_ROOT_FILE), readFileSync(join(otherDir, AUTHORITY_ROOT_FILE)));
    await expect(loadOrCreateAuthorityKeys(dir, options)).rejects.toMatchObject({ code: 'AUTHORITY_KEY_INVALID' });

    const edDir = tempDir();
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(edDir, AUTHORITY_KEY_FILE), ed, { mode: 0o600 });
    await expect(loadOrCreateAuthorityKeys(edDir, options)).rejects.toMatchObject({ code: 'AUTHORITY_KEY_INVALID' });
  });
});
