import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeStamp } from '../../client/client-test-support.js';
import { StampJournal, type JournalEntry } from './journal.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'indicia-journal-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const stampEntry = (id: string, url = 'http://a'): JournalEntry => ({ type: 'stamp', at: '2026-11-24T00:00:00.000Z', url, profile: 'default', batchKey: 'b', idempotencyKey: 'b.1', stamp: fakeStamp(id, 'p') });
const batch = (batchKey: string, url = 'http://a'): JournalEntry => ({ type: 'batch', at: '2026-11-24T00:00:00.000Z', batchKey, url, profile: 'default', params: { quantity: 1 } });
const done = (batchKey: string): JournalEntry => ({ type: 'batch-done', at: '2026-11-24T00:00:00.000Z', batchKey, url: 'http://a', purchaseIds: [], stamps: 0 });

async function all(journal: StampJournal): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for await (const e of journal.entries()) out.push(e);
  return out;
}

describe('StampJournal', () => {
  it('appends entries as JSON lines in a 0600 file and reads them back in order', async () => {
    const journal = new StampJournal(join(dir, 'indicia', 'stamps.jsonl'));
    expect(await all(journal)).toEqual([]);
    await journal.append([batch('b'), stampEntry('s1')]);
    await journal.append([stampEntry('s2')]);
    expect(await all(journal)).toEqual([batch('b'), stampEntry('s1'), stampEntry('s2')]);
    expect((await stat(journal.path)).mode & 0o777).toBe(0o600);
    expect((await readFile(journal.path, 'utf8')).split('\n')).toHaveLength(4);
    expect(await journal.stampIds()).toEqual(new Set(['s1', 's2']));
  });

  it('skips a line a crash cut short, and starts the next entry on a fresh line', async () => {
    const journal = new StampJournal(join(dir, 'stamps.jsonl'));
    await journal.append([stampEntry('s1')]);
    await appendFile(journal.path, JSON.stringify(stampEntry('s2')).slice(0, 80));
    await journal.append([stampEntry('s3')]);
    expect((await all(journal)).map((e) => (e.type === 'stamp' ? e.stamp.id : e.type))).toEqual(['s1', 's3']);
    expect(journal.skippedLines).toBe(1);
  });

  it('keeps every line whole when big appends run at the same time', async () => {
    const path = join(dir, 'stamps.jsonl');
    // About 700 KB each: several writes of whole lines per append.
    const batches = ['a', 'b', 'c'].map((p) => Array.from({ length: 700 }, (_, i) => stampEntry(`${p}${i}`)));
    await Promise.all(batches.map((entries) => new StampJournal(path).append(entries)));
    const journal = new StampJournal(path);
    const ids = await journal.stampIds();
    expect(journal.skippedLines).toBe(0);
    expect(ids.size).toBe(2100);
  });

  it('finds stamps by id for one server only', async () => {
    const journal = new StampJournal(join(dir, 'stamps.jsonl'));
    await journal.append([stampEntry('s1'), stampEntry('s2', 'http://other'), stampEntry('s3')]);
    const found = await journal.findStamps(new Set(['s1', 's2', 's9']), 'http://a');
    expect([...found.keys()]).toEqual(['s1']);
  });

  it('finds a batch by key, or the latest one not finished', async () => {
    const journal = new StampJournal(join(dir, 'stamps.jsonl'));
    await journal.append([batch('one'), batch('two'), done('two'), batch('three'), done('three'), batch('other', 'http://b')]);
    expect((await journal.findBatch('last', 'http://a')).batchKey).toBe('one');
    expect((await journal.findBatch('two', 'http://a')).batchKey).toBe('two');
    await journal.append([done('one')]);
    await expect(journal.findBatch('last', 'http://a')).rejects.toMatchObject({ code: 'CLIENT_JOURNAL_INVALID' });
    await expect(journal.findBatch('nope', 'http://a')).rejects.toMatchObject({ code: 'CLIENT_JOURNAL_INVALID' });
  });

  it('reports a journal it cannot write as CLIENT_JOURNAL_WRITE_FAILED', async () => {
    const journal = new StampJournal(join(dir, 'stamps.jsonl', 'nested'));
    await new StampJournal(join(dir, 'stamps.jsonl')).append([stampEntry('s1')]);
    await expect(journal.append([stampEntry('s2')])).rejects.toMatchObject({ code: 'CLIENT_JOURNAL_WRITE_FAILED' });
  });
});
