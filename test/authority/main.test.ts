// The authority as a real server on loopback: started by startAuthorityServer, and as a process that
// stops gracefully on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AUTHORITY_KEY_FILE } from '../../src/authority/authority-keys.js';
import { loadAuthorityConfig } from '../../src/authority/config.js';
import { startAuthorityServer } from '../../src/authority/main.js';
import { forEachDialect } from '../helpers/dialects.js';

const VENDOR = 'vendor-token-for-the-main-test-0123456789';
const OPERATOR = 'operator-token-for-the-main-test-0123456789';
const REPO = fileURLToPath(new URL('../..', import.meta.url));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'authority-main-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

forEachDialect((_dialect, open) => {
  describe('startAuthorityServer', () => {
    it('listens on loopback, funds the initial deposit once, and keeps its key across restarts', async () => {
      const db = await open();
      const dataDir = tempDir();
      const config = loadAuthorityConfig({
        vendorToken: VENDOR,
        operatorToken: OPERATOR,
        port: 0,
        dataDir,
        databaseUrl: db.url,
        initialDepositMills: 100_000_000n,
        logLevel: 'silent',
      });
      const first = await startAuthorityServer(config);
      let publicKeyPem: string;
      try {
        expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: 'ok' });
        const license = await fetch(`${first.url}/v1/license`, {
          method: 'POST',
          headers: { authorization: `Bearer ${VENDOR}`, 'content-type': 'application/json' },
          body: '{}',
        });
        expect(license.status).toBe(201);
        publicKeyPem = ((await (await fetch(`${first.url}/v1/authority`)).json()) as { publicKeyPem: string }).publicKeyPem;
        expect(statSync(join(dataDir, AUTHORITY_KEY_FILE)).mode & 0o777).toBe(0o600);
      } finally {
        await first.close();
      }
      const second = await startAuthorityServer(config);
      try {
        const authority = (await (await fetch(`${second.url}/v1/authority`)).json()) as { publicKeyPem: string };
        expect(authority.publicKeyPem).toBe(publicKeyPem);
        const deposit = await fetch(`${second.url}/v1/deposit`, { headers: { authorization: `Bearer ${VENDOR}` } });
        const body = (await deposit.json()) as { balanceMills: string; entries: { reference: string }[] };
        expect(body.balanceMills).toBe('100000000');
        expect(body.entries.map((e) => e.reference)).toEqual(['initial-deposit']);
      } finally {
        await second.close();
      }
    });
  });
});

describe('the authority process', () => {
  it('reports a bad configuration with its code and exit status 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/authority/main.ts'], {
      cwd: REPO,
      env: { PATH: process.env.PATH, AUTHORITY_DATA_DIR: tempDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error CONFIG_INVALID: .*AUTHORITY_VENDOR_TOKEN is required/);
  });

  it('serves on loopback and exits 0 after SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/authority/main.ts'], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH,
        AUTHORITY_VENDOR_TOKEN: VENDOR,
        AUTHORITY_PORT: '0',
        AUTHORITY_DATA_DIR: dataDir,
        AUTHORITY_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`the authority exited with ${code} before listening`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
