// The local stamp journal: a JSON-lines file (stamps.jsonl, mode 0600) to which every stamp received is
// appended and flushed to disk before anything else happens to it (printing, the next purchase), so a
// crash or a failed print never loses a paid stamp. Also holds each batch's intent (to resume it) and a
// line per print. A line cut short by a crash is skipped on reading and never merged with the next one.
import { createReadStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Stamp } from '../../client/index.js';
import { AppError } from '../../errors/app-error.js';
import { syncDir } from './atomic-file.js';

/** A batch about to be bought: enough to run it again with `indicia buy --resume`. */
export interface BatchEntry {
  readonly type: 'batch';
  readonly at: string;
  readonly batchKey: string;
  readonly url: string;
  readonly profile: string;
  /** The buy command's parameters (see buy-plan.ts). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** One stamp received. */
export interface StampEntry {
  readonly type: 'stamp';
  readonly at: string;
  readonly url: string;
  readonly profile: string;
  readonly batchKey?: string;
  readonly idempotencyKey: string;
  readonly stamp: Stamp;
}

/** A batch whose purchases were all received. */
export interface BatchDoneEntry {
  readonly type: 'batch-done';
  readonly at: string;
  readonly batchKey: string;
  readonly url: string;
  readonly purchaseIds: readonly string[];
  readonly stamps: number;
}

/** Stamps printed (after a purchase, or again with indicia print). */
export interface PrintEntry {
  readonly type: 'print';
  readonly at: string;
  readonly stampIds: readonly string[];
  readonly layout: string;
  readonly files: readonly string[];
  readonly reprint: boolean;
  /** The CUPS job, when the print was sent to a printer with --lp. */
  readonly printerJob?: { readonly printer: string; readonly id: string; readonly state: string };
}

/** Any line of the journal. */
export type JournalEntry = BatchEntry | StampEntry | BatchDoneEntry | PrintEntry;

/** The journal file. */
export class StampJournal {
  /** Lines skipped by the last read because they were cut short or damaged. */
  skippedLines = 0;

  constructor(readonly path: string) {}

  /** Appends the entries in one write and flushes them to disk (CLIENT_JOURNAL_WRITE_FAILED). */
  async append(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const text = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const file = await open(this.path, 'a+', 0o600);
      let created = false;
      try {
        const { size } = await file.stat();
        created = size === 0;
        // A crash may have cut the last line short: start on a fresh line so ours stays whole.
        const last = Buffer.alloc(1);
        if (size > 0) await file.read(last, 0, 1, size - 1);
        await writeWholeLines(file, size > 0 && last[0] !== 0x0a ? `\n${text}` : text);
        await file.sync();
      } finally {
        await file.close();
      }
      if (created) await syncDir(dirname(this.path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
      throw new AppError('CLIENT_JOURNAL_WRITE_FAILED', `Cannot append to ${this.path} (${code})`, { path: this.path, code }, { cause: err });
    }
  }

  /** Every whole entry, in the order written; an absent journal has none. */
  async *entries(): AsyncGenerator<JournalEntry> {
    this.skippedLines = 0;
    const stream = createReadStream(this.path, { encoding: 'utf8' });
    const opened = new Promise<boolean>((resolve, reject) => {
      stream.once('open', () => resolve(true));
      stream.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? resolve(false) : reject(err)));
    });
    if (!(await opened)) return;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      const entry = parseLine(line);
      if (entry === undefined) this.skippedLines += 1;
      else yield entry;
    }
  }

  /** The ids of every stamp in the journal. */
  async stampIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const e of this.entries()) if (e.type === 'stamp') ids.add(e.stamp.id);
    return ids;
  }

  /** The journal's copies of the stamps with these ids (bought from `url`). */
  async findStamps(ids: ReadonlySet<string>, url: string): Promise<Map<string, Stamp>> {
    const found = new Map<string, Stamp>();
    for await (const e of this.entries()) if (e.type === 'stamp' && e.url === url && ids.has(e.stamp.id)) found.set(e.stamp.id, e.stamp);
    return found;
  }

  /** A batch bought from `url`: by key, or `last` for the latest not finished (CLIENT_JOURNAL_INVALID when none). */
  async findBatch(key: string, url: string): Promise<BatchEntry> {
    const batches = new Map<string, BatchEntry>();
    const done = new Set<string>();
    for await (const e of this.entries()) {
      // Re-inserted so that the map's order is the order batches were last started in.
      if (e.type === 'batch' && e.url === url) {
        batches.delete(e.batchKey);
        batches.set(e.batchKey, e);
      }
      if (e.type === 'batch-done' && e.url === url) done.add(e.batchKey);
    }
    if (key !== 'last') {
      const batch = batches.get(key);
      if (batch === undefined) throw new AppError('CLIENT_JOURNAL_INVALID', `${this.path} holds no batch with key ${key} bought from ${url}`, { batchKey: key });
      return batch;
    }
    const open = [...batches.values()].filter((b) => !done.has(b.batchKey)).at(-1);
    if (open === undefined) throw new AppError('CLIENT_JOURNAL_INVALID', `${this.path} holds no unfinished batch bought from ${url}`);
    return open;
  }
}

// Each write() holds whole lines only, so that appends of two processes (O_APPEND puts every write at
// the end) can interleave lines but never cut one; a line longer than the limit is a write of its own.
const MAX_WRITE_BYTES = 256 * 1024;

async function writeWholeLines(file: FileHandle, text: string): Promise<void> {
  const lines = text.split(/(?<=\n)/).map((line) => Buffer.from(line, 'utf8'));
  let batch: Buffer[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    const data = Buffer.concat(batch);
    // A regular file takes the whole buffer at once; the loop covers a short write all the same.
    for (let offset = 0; offset < data.length; ) offset += (await file.write(data, offset)).bytesWritten;
    batch = [];
    bytes = 0;
  };
  for (const line of lines) {
    if (bytes > 0 && bytes + line.length > MAX_WRITE_BYTES) await flush();
    batch.push(line);
    bytes += line.length;
  }
  if (bytes > 0) await flush();
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const value = JSON.parse(line) as JournalEntry;
    return typeof value === 'object' && value !== null && ['batch', 'stamp', 'batch-done', 'print'].includes(value.type) ? value : undefined;
  } catch {
    return undefined;
  }
}
