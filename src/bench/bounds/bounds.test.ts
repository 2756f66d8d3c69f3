import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, verify } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresCommitBench, openSqliteCommitBench } from './commit-rate.js';
import { HELLO_PATHS, startHelloWorld, type HelloWorldServer } from './hello-world.js';
import { measureSignatureRate, rawEcdsaP256Signer } from './signature-rate.js';

const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('commit-rate bounds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'indicia-bounds-test-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('commits whole groups of rows to a WAL-mode SQLite file', () => {
    const bench = openSqliteCommitBench(dir, 'groups', 3);
    expect(bench.measure(30)).toBeGreaterThan(0);
    bench.close();
    const db = new BetterSqlite3(join(dir, 'groups.db'), { readonly: true });
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM bench_rows').get() as { n: number };
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(n).toBeGreaterThan(0);
    expect(n % 3).toBe(0);
  });

  it('commits rows to PostgreSQL in a schema of its own and drops it on close', async (ctx) => {
    const bench = await openPostgresCommitBench(PG_URL, 2);
    if (!bench.reachable) {
      if (process.env.CI) throw new Error(`PostgreSQL at PG_URL is unreachable (${bench.reason})`);
      ctx.skip(`PostgreSQL at PG_URL is unreachable (${bench.reason})`);
      return;
    }
    expect(await bench.measure(50)).toBeGreaterThan(0);
    await bench.close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const left = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [bench.schema]);
    await client.end();
    expect(left.rowCount).toBe(0);
  });

  it('says why when PostgreSQL does not answer', async () => {
    const bench = await openPostgresCommitBench('postgres://postgres@127.0.0.1:1/test', 1);
    expect(bench.reachable).toBe(false);
  });
});

describe('signature-rate bound', () => {
  it('makes 64-byte P-256 signatures of the message that verify under the key, as an indicium carries them', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('53 bytes stand in for the signed part of an indicium.');
    const signature = rawEcdsaP256Signer(privateKey, message)();
    expect(signature).toHaveLength(64);
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(measureSignatureRate(20)).toBeGreaterThan(0);
  });
});

describe('hello-world bound', () => {
  let server: HelloWorldServer;
  beforeAll(async () => {
    server = await startHelloWorld();
  });
  afterAll(async () => server.close());

  it('answers the GET and validates the POST body like a purchase route', async () => {
    const get = await fetch(`${server.url}${HELLO_PATHS.get}`);
    expect(await get.json()).toEqual({ hello: 'world' });
    const post = (body: unknown) => fetch(`${server.url}${HELLO_PATHS.post}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ stamps: [{ rateCategory: 1 }] })).status).toBe(201);
    expect((await post({ stamps: [] })).status).toBe(400);
  });
});
