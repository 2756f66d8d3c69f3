// The processing server as it runs: startProcessingServer listening on loopback (restart, graceful
// close), and main.ts as its own process stopped by SIGTERM, on SQLite and PostgreSQL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { INTERNAL_TOKEN_HEADER, type DispenseResponse, type LookupResponse } from '../../src/internal-api/dispense-contract.js';
import { loadProcessingConfig, type ProcessingConfig } from '../../src/processing/config.js';
import { startProcessingServer } from '../../src/processing/main.js';
import { forEachDialect, type OpenTestDatabase } from '../helpers/dialects.js';
import { dispenseItem, INTERNAL_TOKEN, startTestAuthority, VENDOR_TOKEN, verifyStamps } from './processing-world.js';

async function call(url: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(new URL(path, url), {
    method,
    headers: { [INTERNAL_TOKEN_HEADER]: INTERNAL_TOKEN, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function setUp(open: OpenTestDatabase): Promise<{ config: ProcessingConfig; authority: Awaited<ReturnType<typeof startTestAuthority>> }> {
  const authority = await startTestAuthority(open);
  await authority.fund(10_000_000n);
  const ledgerDb = await open();
  const keyStoreDir = await mkdtemp(join(tmpdir(), 'indicia-processing-main-'));
  onTestFinished(() => rm(keyStoreDir, { recursive: true, force: true }));
  const config = loadProcessingConfig({
    serverId: 'processing-1',
    port: 0,
    databaseUrl: ledgerDb.url,
    internalToken: INTERNAL_TOKEN,
    authorityUrl: authority.url,
    authorityToken: VENDOR_TOKEN,
    crypto: { kind: 'software', keyStoreDir, masterKey: randomBytes(32).toString('hex') },
    psdCount: 2,
    autoReset: true,
    resetThresholdMills: 10_000n,
    resetAmountMills: 100_000n,
    inspectionCheckIntervalMs: 0,
    logLevel: 'silent',
  });
  return { config, authority };
}

forEachDialect((_dialect, open) => {
  describe('startProcessingServer', () => {
    it('provisions its PSDs, dispenses over HTTP, and after a restart goes on from the same registers', async () => {
      const { config, authority } = await setUp(open);
      const first = await startProcessingServer(config);
      onTestFinished(() => first.close());
      const health = await call(first.url, 'GET', '/internal/v1/health');
      expect(health).toEqual({ status: 200, json: { serverId: 'processing-1', status: 'ok', availablePsds: 2 } });
      const items = [dispenseItem(), dispenseItem({ postage: '1200' })];
      const dispensed = await call(first.url, 'POST', '/internal/v1/dispense', { purchaseId: 'p-1', items });
      expect(dispensed.status).toBe(200);
      const stamps = (dispensed.json as unknown as DispenseResponse).stamps;
      await first.close();
      await expect(fetch(new URL('/internal/v1/health', first.url))).rejects.toThrow();

      const second = await startProcessingServer(config);
      onTestFinished(() => second.close());
      expect((await second.ledger.listPsds()).length).toBe(2); // none provisioned again
      const again = await call(second.url, 'POST', '/internal/v1/dispense', { purchaseId: 'p-1', items });
      expect(again.json).toEqual(dispensed.json);
      const more = await call(second.url, 'POST', '/internal/v1/dispense', { purchaseId: 'p-2', items: [dispenseItem()] });
      expect(more.status).toBe(200);
      const all = [...stamps, ...(more.json as unknown as DispenseResponse).stamps];
      const byPsd = new Map<number, number[]>();
      for (const s of all) byPsd.set(s.psdId, [...(byPsd.get(s.psdId) ?? []), s.pieceCount]);
      for (const counts of byPsd.values()) expect(counts).toEqual(counts.map((_, i) => i + 1));
      expect((await verifyStamps({ authority }, all)).map((v) => v.status)).toEqual(['valid', 'valid', 'valid']);
      expect((await call(second.url, 'GET', '/internal/v1/audit')).status).toBe(200);
    });

    it('closes gracefully: purchases waiting in the batch when it closes are dispensed and answered', async () => {
      const { config: base } = await setUp(open);
      // A long group-commit wait holds the purchases in the batcher while close() begins.
      const config = loadProcessingConfig({ ...base, batchMaxWaitMs: 500 });
      const server = await startProcessingServer(config);
      onTestFinished(() => server.close());
      await call(server.url, 'GET', '/internal/v1/health'); // provisioned and ready
      const items = Array.from({ length: 30 }, () => dispenseItem());
      const calls = items.map((item, i) => call(server.url, 'POST', '/internal/v1/dispense', { purchaseId: `p-${i}`, items: [item] }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await server.close();
      const answers = await Promise.all(calls);
      expect(answers.map((a) => a.status)).toEqual(items.map(() => 200));
      await expect(fetch(new URL('/internal/v1/health', server.url))).rejects.toThrow();
      const reopened = await startProcessingServer(config);
      onTestFinished(() => reopened.close());
      const found = await call(reopened.url, 'POST', '/internal/v1/lookup', { requestIds: items.map((i) => i.requestId) });
      expect((found.json as unknown as LookupResponse).stamps).toEqual(answers.map((a) => (a.json as unknown as DispenseResponse).stamps[0]));
      expect((await call(reopened.url, 'GET', '/internal/v1/audit')).status).toBe(200);
    });
  });

  describe('main.ts as a process', () => {
    it('starts from environment variables, serves, and exits 0 on SIGTERM', async () => {
      const { config } = await setUp(open);
      const crypto = config.crypto as { keyStoreDir: string; masterKey: string };
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/processing/main.ts'], {
        cwd: process.cwd(),
        env: {
          ...process.env,
          INDICIA_PROCESSING_SERVER_ID: 'processing-1',
          INDICIA_PROCESSING_PORT: '0',
          INDICIA_PROCESSING_DATABASE_URL: config.databaseUrl,
          INDICIA_INTERNAL_TOKEN: INTERNAL_TOKEN,
          INDICIA_AUTHORITY_URL: config.authorityUrl,
          INDICIA_AUTHORITY_TOKEN: VENDOR_TOKEN,
          INDICIA_PROCESSING_KEY_STORE_DIR: crypto.keyStoreDir,
          INDICIA_PROCESSING_MASTER_KEY: crypto.masterKey,
          INDICIA_PROCESSING_PSD_COUNT: '1',
          INDICIA_INSPECTION_CHECK_INTERVAL_MS: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      onTestFinished(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });
      const lines: string[] = [];
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'processing server listening' && entry.url !== undefined) resolve(entry.url);
        });
        void exited.then((code) => reject(new Error(`main.ts exited with ${code} before listening: ${stderr}`)));
      });
      const res = await call(url, 'POST', '/internal/v1/dispense', { purchaseId: 'p', items: [dispenseItem()] });
      expect(res.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const log = lines.join('\n');
      expect(log).toContain('shutting down');
      // No secret reaches the log.
      for (const secret of [INTERNAL_TOKEN, VENDOR_TOKEN, crypto.masterKey]) expect(log).not.toContain(secret);
    }, 60_000);
  });
});
