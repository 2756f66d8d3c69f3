// `indicia media issue|list|show|void` through runCli, against the vendor database of a fresh data folder
// made by initDataDir (SQLite, as `indicia init` makes it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { parseMediumSerial } from '../../src/core/media-serial.js';
import { openMediaAdmin } from '../../src/media/media-admin.js';
import { DEFAULT_INIT } from '../../src/system/default-config.js';
import { initDataDir } from '../../src/system/init.js';
import { resolveDatabaseUrl } from '../../src/system/process-env.js';

const root = mkdtempSync(join(tmpdir(), 'indicia-media-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dataDir = join(root, 'data');
const config = initDataDir({ ...DEFAULT_INIT, dataDir, processingServers: 1, psdsPerServer: 1 });

async function media(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(['media', ...args, '--data-dir', dataDir], { out: (t) => (out += t), err: (t) => (err += t), env: {}, cwd: root }, COMMANDS);
  return { status, out, err };
}

describe('indicia media', () => {
  it('issues media and prints their serials, one a line, with check digits', async () => {
    const res = await media('issue', '--account', 'acct-a', '--layout', 'address-30up', '--count', '3');
    expect(res).toMatchObject({ status: 0, err: '' });
    const serials = res.out.trim().split('\n');
    expect(serials).toHaveLength(3);
    for (const s of serials) expect(parseMediumSerial(s).printed).toBe(s);
  });

  it('issues with --json, lists by account and shows one medium with its slots', async () => {
    const issued = await media('issue', '--account', 'acct-b', '--layout', 'single-label', '--json');
    expect(issued.status, issued.err).toBe(0);
    const body = JSON.parse(issued.out) as { batch: string; media: { serial: string; accountId: string; layout: string; freeSlots: number }[] };
    expect(body.media).toHaveLength(1);
    expect(body.media[0]).toMatchObject({ accountId: 'acct-b', layout: 'single-label', freeSlots: 1 });
    const serial = body.media[0]!.serial;

    const listed = await media('list', '--account', 'acct-b', '--json');
    expect((JSON.parse(listed.out) as { media: { serial: string }[] }).media.map((m) => m.serial)).toEqual([serial]);
    const all = await media('list');
    expect(all.status).toBe(0);
    expect(all.out.trim().split('\n').length).toBeGreaterThanOrEqual(4);
    expect(all.out).toContain(`${serial}  single-label  label  account acct-b`);

    const shown = await media('show', serial, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ serial, accountId: 'acct-b', slots: [{ slot: 0, state: 'free', stampId: null }] });
  });

  it('voids a medium with a reason; it then lists as voided and has no free slot', async () => {
    const issued = await media('issue', '--account', 'acct-c', '--layout', 'stamp-sheet');
    const serial = issued.out.trim();
    const voided = await media('void', serial, '--reason', 'lost in the post');
    expect(voided.status, voided.err).toBe(0);
    expect(voided.out).toContain(`${serial}  stamp-sheet`);
    expect(voided.out).toContain('VOIDED');
    expect(voided.out).toContain('(lost in the post)');
    const free = await media('list', '--account', 'acct-c', '--free', '--json');
    expect(JSON.parse(free.out)).toEqual({ media: [] });
    const full = await media('list', '--account', 'acct-c', '--full', '--json');
    expect((JSON.parse(full.out) as { media: { voided: boolean; voidReason: string }[] }).media).toMatchObject([{ voided: true, voidReason: 'lost in the post' }]);

    // The database the CLI wrote is the installation's vendor database.
    const handle = await openMediaAdmin(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
    try {
      expect((await handle.media.getForOperator(serial)).medium.voidReason).toBe('lost in the post');
    } finally {
      await handle.close();
    }
  });

  it('refuses a bad layout, count, missing reason and unknown serial with catalogued errors and exit status 1', async () => {
    const cases: [string[], string][] = [
      [['issue', '--account', 'a', '--layout', 'envelope-10'], 'MEDIA_LAYOUT_UNKNOWN'],
      [['issue', '--account', 'a', '--layout', 'single-label', '--count', '1001'], 'MEDIA_ISSUE_COUNT_INVALID'],
      [['issue', '--account', 'a', '--layout', 'single-label', '--count', 'many'], 'MEDIA_ISSUE_COUNT_INVALID'],
      [['issue', '--layout', 'single-label'], 'INVALID_ARGUMENT'],
      [['void', '0000-0000-0001-8', '--reason', 'x'], 'MEDIUM_UNKNOWN'],
      [['void', '0000-0000-0001-8'], 'MEDIA_VOID_REASON_REQUIRED'],
      [['show', '1234-5678-9012-0'], 'MEDIUM_SERIAL_CHECK_DIGIT'],
      [['frobnicate'], 'INVALID_ARGUMENT'],
    ];
    for (const [args, code] of cases) {
      const res = await media(...args);
      expect(res.status, args.join(' ')).not.toBe(0);
      expect(res.err, args.join(' ')).toContain(code);
    }
  });
});
