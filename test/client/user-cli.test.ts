// The user's verbs (login, logout, buy, stamps, print) through runCli, against the real web server on
// a loopback port, with a fresh config folder per test.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsWithTool } from '../../src/barcode/barcode-test-support.js';
import { readIndicia } from '../../src/barcode/read-indicia.js';
import type { Stamp } from '../../src/client/index.js';
import type { StampEntry } from '../../src/cli/user/journal.js';
import { forDialect } from '../helpers/dialects.js';
import { startApiServer, type ApiServer } from './helpers/api-server.js';
import { userHome, type UserHome } from './helpers/run-user-cli.js';

// The letter rate is $0.81 (src/rates): postage may be more, never less.
const LETTER = ['--category', 'letter', '--postage', '0.81', '--from', '94107', '--date', '2026-11-24'];
const withPdfTools = runsWithTool('pdftoppm', 'poppler-utils');

interface BuyJson {
  batchKey: string;
  quantity: number;
  totalPostageMills: string;
  purchases: { index: number; idempotencyKey: string; purchaseId: string; stamps: number }[];
  stamps: Stamp[];
  alreadyInJournal: number;
  printed: { layout: string; files: string[] } | null;
}

async function loggedIn(server: ApiServer): Promise<UserHome> {
  const user = await userHome();
  const login = await user.run(['login', '--url', server.url, '--api-key', server.apiKey]);
  expect(login.status, login.err).toBe(0);
  return user;
}

function stampEntries(entries: Awaited<ReturnType<UserHome['journal']>>): StampEntry[] {
  return entries.filter((e): e is StampEntry => e.type === 'stamp');
}

forDialect('sqlite', (open) => {
  describe('indicia login and logout', () => {
    it('checks the key, then stores the credentials with mode 0600, one profile per login', async () => {
      const server = await startApiServer(open);
      const user = await userHome();
      const first = await user.run(['login', '--url', `${server.url}/`, '--api-key', server.apiKey]);
      expect(first.status, first.err).toBe(0);
      expect(first.out).toContain(`logged in to ${server.url} as profile default`);
      expect(first.out).not.toContain(server.apiKey);
      const path = join(user.configDir, 'credentials.json');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await writeFile(join(user.home, 'key.txt'), `${server.apiKey}\n`);
      const second = await user.run(['login', '--url', server.url, '--api-key-file', 'key.txt', '--profile', 'work', '--json']);
      expect(JSON.parse(second.out)).toMatchObject({ profile: 'work', url: server.url });
      const stored = JSON.parse(await readFile(path, 'utf8')) as { version: number; profiles: Record<string, { url: string; apiKey: string }> };
      expect(stored).toEqual({ version: 1, profiles: { default: { url: server.url, apiKey: server.apiKey }, work: { url: server.url, apiKey: server.apiKey } } });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      // Written atomically: no temporary file is left beside it.
      expect(await readdir(user.configDir)).toEqual(['credentials.json']);
      expect(server.proxy.requests.map((r) => r.path)).toEqual(['/v1/stamps', '/v1/stamps']);

      const logout = await user.run(['logout', '--profile', 'work']);
      expect(logout.out).toBe('logged out of profile work\n');
      expect(Object.keys((JSON.parse(await readFile(path, 'utf8')) as { profiles: object }).profiles)).toEqual(['default']);
    });

    it('refuses a key the server refuses and stores nothing; the user verbs then say how to log in', async () => {
      const server = await startApiServer(open);
      const user = await userHome();
      const login = await user.run(['login', '--url', server.url, '--api-key', 'ik_wrong']);
      expect(login.status).toBe(1);
      expect(login.err).toMatch(/^error API_KEY_INVALID: /);
      await expect(stat(join(user.configDir, 'credentials.json'))).rejects.toThrow(/ENOENT/);
      const list = await user.run(['stamps', 'list']);
      expect(list.status).toBe(1);
      expect(list.err).toMatch(/^error CLIENT_NOT_LOGGED_IN: Profile default has no URL and API key .*indicia login --url URL --api-key KEY/);
      // The environment stands in for a stored profile.
      const viaEnv = await user.run(['stamps', 'list', '--json'], { INDICIA_URL: server.url, INDICIA_API_KEY: server.apiKey });
      expect(viaEnv.status, viaEnv.err).toBe(0);
      expect(JSON.parse(viaEnv.out)).toEqual({ stamps: [], nextCursor: null });
    });
  });

  describe('indicia buy', () => {
    it('buys 2500 stamps as 3 purchases keyed from the batch key, journals every one, and a rerun buys nothing new', async () => {
      const server = await startApiServer(open);
      const user = await loggedIn(server);
      const argv = ['buy', ...LETTER, '--quantity', '2500', '--idempotency-key', 'batch-2500', '--json'];
      const first = await user.run(argv);
      expect(first.status, first.err).toBe(0);
      expect(first.err).toBe('');
      const doc = JSON.parse(first.out) as BuyJson;
      expect(doc.purchases.map((p) => [p.idempotencyKey, p.stamps])).toEqual([['batch-2500.1', 1000], ['batch-2500.2', 1000], ['batch-2500.3', 500]]);
      expect([doc.batchKey, doc.quantity, doc.totalPostageMills, doc.alreadyInJournal]).toEqual(['batch-2500', 2500, '2025000', 0]);
      expect(server.proxy.purchases.map((p) => p.idempotencyKey)).toEqual(['batch-2500.1', 'batch-2500.2', 'batch-2500.3']);
      expect(server.dispensed()).toBe(2500);
      const ids = doc.stamps.map((s) => s.id);
      expect(new Set(ids).size).toBe(2500);

      const journal = await user.journal();
      expect(stampEntries(journal).map((e) => e.stamp)).toEqual(doc.stamps);
      expect(journal.filter((e) => e.type === 'batch' || e.type === 'batch-done').map((e) => e.type)).toEqual(['batch', 'batch-done']);
      expect((await stat(join(user.configDir, 'stamps.jsonl'))).mode & 0o777).toBe(0o600);

      const again = await user.run(argv);
      expect(again.status, again.err).toBe(0);
      const replay = JSON.parse(again.out) as BuyJson;
      expect(replay.stamps).toEqual(doc.stamps);
      expect(replay.purchases.map((p) => p.purchaseId)).toEqual(doc.purchases.map((p) => p.purchaseId));
      expect(replay.alreadyInJournal).toBe(2500);
      expect(server.dispensed()).toBe(2500);
      expect(server.proxy.purchases.map((p) => p.idempotencyKey)).toEqual(['batch-2500.1', 'batch-2500.2', 'batch-2500.3', 'batch-2500.1', 'batch-2500.2', 'batch-2500.3']);
      expect(stampEntries(await user.journal())).toHaveLength(2500);
    });

    it('shows progress on stderr only, a line per purchase, and the stamps and a summary on stdout', async () => {
      const server = await startApiServer(open);
      const user = await loggedIn(server);
      const run = await user.run(['buy', ...LETTER, '--quantity', '1001', '--idempotency-key', 'two-purchases']);
      expect(run.status, run.err).toBe(0);
      expect(run.err.split('\n').filter((l) => l !== '').map((l) => l.replace(/purchase [0-9a-f-]{36}$/, 'purchase P'))).toEqual([
        'buying 1001 stamps in 2 purchases (batch key two-purchases)',
        'purchase 1/2: 1000 stamps received and saved (1000/1001), purchase P',
        'purchase 2/2: 1 stamps received and saved (1001/1001), purchase P',
      ]);
      const lines = run.out.trimEnd().split('\n');
      expect(lines).toHaveLength(1001 + 2);
      expect(lines[0]).toMatch(/^[0-9a-f-]{36} {2}\$0\.81 {2}2026-11-24 {2}First-Class Mail letter {2}From ZIP 94107$/);
      expect(lines[1001]).toBe('bought 1001 stamps, $810.81 of postage, in 2 purchases; batch key two-purchases');
      expect(run.out).not.toContain('purchase 1/2');
    });

    it('stops a batch whose answer was lost, keeps what arrived, and --resume last finishes it without buying twice', async () => {
      const server = await startApiServer(open);
      const user = await loggedIn(server);
      server.proxy.purchaseModes.push('pass', 'drop');
      const failed = await user.run(['buy', ...LETTER, '--quantity', '1200', '--quiet'], { INDICIA_RETRIES: '0' });
      expect(failed.status).toBe(1);
      const batchKey = /batch key is (\S+?)\. /.exec(failed.err)?.[1];
      expect(failed.err).toMatch(/^error CLIENT_BATCH_INCOMPLETE: Purchase 2 of 2 failed \(CLIENT_NETWORK_ERROR: /);
      expect(batchKey).toBeDefined();
      expect(stampEntries(await user.journal())).toHaveLength(1000);
      // The dropped purchase was committed by the server: 1200 stamps are paid for already.
      expect(server.dispensed()).toBe(1200);

      const resumed = await user.run(['buy', '--resume', 'last', '--json']);
      expect(resumed.status, resumed.err).toBe(0);
      const doc = JSON.parse(resumed.out) as BuyJson;
      expect(doc.batchKey).toBe(batchKey);
      expect(doc.quantity).toBe(1200);
      expect(server.dispensed()).toBe(1200);
      const saved = stampEntries(await user.journal());
      expect(saved.map((e) => e.stamp.id).sort()).toEqual(doc.stamps.map((s) => s.id).sort());
      const nothingLeft = await user.run(['buy', '--resume', 'last']);
      expect(nothingLeft.err).toMatch(/^error CLIENT_JOURNAL_INVALID: .* holds no unfinished batch/);
    });

    it('refuses a print that cannot succeed before paying for anything', async () => {
      const server = await startApiServer(open);
      const user = await loggedIn(server);
      const run = await user.run(['buy', ...LETTER, '--quantity', '3', '--medium', '2026-1124-0001-8', '--slot', '19', '--print', 'stamp-sheet', '--out', 'sheet.pdf']);
      expect(run.status).toBe(2);
      expect(run.err).toMatch(/^error PRINT_SLOT_MISMATCH: Item 2 was made for slot 21 of sheet 2026-1124-0001-8, but layout stamp-sheet has slots 1 to 20/);
      const typo = await user.run(['buy', ...LETTER, '--print', 'stamp-shet', '--out', 'sheet.pdf']);
      expect(typo.err).toMatch(/^error PRINT_LAYOUT_UNKNOWN: /);
      expect(server.proxy.purchases).toHaveLength(0);
      expect(await user.journal()).toEqual([]);
    });

    it('prints the stamps it bought into the file, after saving them, and records the print', async () => {
      const server = await startApiServer(open);
      const user = await loggedIn(server);
      const run = await user.run(['buy', ...LETTER, '--quantity', '3', '--print', 'address-30up', '--out', 'labels.svg', '--start-slot', '5', '--json']);
      expect(run.status, run.err).toBe(0);
      const doc = JSON.parse(run.out) as BuyJson;
      expect(doc.printed).toEqual({ layout: 'address-30up', files: [join(user.home, 'labels.svg')] });
      const svg = await readFile(join(user.home, 'labels.svg'), 'utf8');
      expect(svg.match(/<path /g)).toHaveLength(3);
      const entries = await user.journal();
      expect(entries.map((e) => e.type)).toEqual(['batch', 'stamp', 'stamp', 'stamp', 'batch-done', 'print']);
      expect(entries.at(-1)).toMatchObject({ type: 'print', layout: 'address-30up', reprint: false, stampIds: doc.stamps.map((s) => s.id) });
    });
  });

  describe('indicia stamps and indicia print', () => {
    it('lists, shows and downloads stamps from the server', async () => {
      const server = await startApiServer(open);
      const user = await loggedIn(server);
      const bought = JSON.parse((await user.run(['buy', ...LETTER, '--quantity', '3', '--json'])).out) as BuyJson;
      const list = JSON.parse((await user.run(['stamps', 'list', '--limit', '2', '--json'])).out) as { stamps: Stamp[]; nextCursor: string | null };
      expect(list.stamps).toHaveLength(2);
      expect(list.nextCursor).not.toBeNull();
      const id = bought.stamps[0]!.id;
      expect(JSON.parse((await user.run(['stamps', 'get', id, '--json'])).out)).toEqual(bought.stamps[0]);
      const shown = await user.run(['stamps', 'get', id]);
      expect(shown.out).toContain(`id            ${id}`);
      const png = await user.run(['stamps', 'png', id, '--out', 'symbol.png', '--scale', '4']);
      expect(png.status, png.err).toBe(0);
      const [read] = await readIndicia(join(user.home, 'symbol.png'));
      expect(read!.bytes.toString('base64')).toBe(bought.stamps[0]!.indicium);
      const unknown = await user.run(['stamps', 'get', 'no-such-stamp']);
      expect([unknown.status, unknown.err.slice(0, 22)]).toEqual([2, 'error STAMP_NOT_FOUND:']);
    });

    it('prints stamps again from the server, or from the journal when the server cannot be reached', async () => {
      const server = await startApiServer(open);
      const user = await loggedIn(server);
      const bought = JSON.parse((await user.run(['buy', ...LETTER, '--quantity', '2', '--idempotency-key', 'reprint-me', '--json'])).out) as BuyJson;
      const ids = bought.stamps.map((s) => s.id);
      const reprint = await user.run(['print', ...ids, '--layout', 'single-label', '--out', 'again.svg', '--json']);
      expect(reprint.status, reprint.err).toBe(0);
      expect(JSON.parse(reprint.out)).toEqual({ layout: 'single-label', files: [join(user.home, 'again-1.svg'), join(user.home, 'again-2.svg')], stampIds: ids });
      expect(server.proxy.requests.filter((r) => r.method === 'GET').map((r) => r.path).slice(-2).sort()).toEqual(ids.map((id) => `/v1/stamps/${id}`).sort());

      const batch = await user.run(['print', '--batch', 'reprint-me', '--layout', 'stamp-sheet', '--out', 'sheet.svg']);
      expect(batch.out).toBe(`printed 2 stamps on stamp-sheet: ${join(user.home, 'sheet.svg')}\n`);

      await server.proxy.close();
      const offline = await user.run(['print', ids[0]!, '--layout', 'thermal-4x6', '--out', 'offline.zpl', '--delivery-address', 'Jo Doe|1 Main St|New York NY 10001'], { INDICIA_RETRIES: '0' });
      expect(offline.status, offline.err).toBe(0);
      expect(offline.err).toMatch(/^the vendor's server cannot be reached \(CLIENT_NETWORK_ERROR\); printing 1 stamps from the journal /);
      expect(await readFile(join(user.home, 'offline.zpl'), 'utf8')).toContain('^FDJo Doe^FS');
      const prints = (await user.journal()).filter((e) => e.type === 'print');
      expect(prints.map((p) => [p.type === 'print' && p.layout, p.type === 'print' && p.reprint])).toEqual([['single-label', true], ['stamp-sheet', true], ['thermal-4x6', true]]);
    });

    it.runIf(withPdfTools)('prints a PDF whose symbols read back as the stamps bought', async () => {
      const server = await startApiServer(open);
      const user = await loggedIn(server);
      const bought = JSON.parse((await user.run(['buy', ...LETTER, '--quantity', '4', '--print', 'address-30up', '--out', 'sheet.pdf', '--json'])).out) as BuyJson;
      const read = await readIndicia(join(user.home, 'sheet.pdf'));
      expect(read.map((r) => r.bytes.toString('base64')).sort()).toEqual(bought.stamps.map((s) => s.indicium).sort());
    });
  });
});
