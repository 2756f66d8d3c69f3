// The bounds of the purchase section that are not HTTP, measured in the same run as the purchases: raw
// ECDSA P-256 signatures on one core, and durable commits (SQLite WAL + synchronous=FULL, one row and
// 100 rows per commit; PostgreSQL at PG_URL when it answers).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactDatabaseUrl } from '../../db/database-url.js';
import { openPostgresCommitBench, openSqliteCommitBench, type SqliteCommitBench } from '../bounds/commit-rate.js';
import { measureSignatureRate, rawEcdsaP256Signer } from '../bounds/signature-rate.js';
import { measureRounds, type RateSubject } from '../measure.js';
import type { RateMeasurement } from './purchase-report.js';

/** The PostgreSQL server whose commit rate is measured; the same default as the tests. */
export const BENCH_PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Rows per transaction of the group-commit row: what a writer that batches 100 purchases per commit pays. */
export const GROUP_ROWS = 100;
/** PostgreSQL connections of the concurrent row: commits of concurrent sessions share WAL flushes. */
const PG_CLIENTS = 8;

/** Row names, also used by the docs. */
export const BOUND_NAMES = {
  signature: 'ECDSA P-256 signatures, node:crypto, 1 core',
  sqliteSingle: 'SQLite WAL FULL commits, 1 row each',
  sqliteGroup: `SQLite WAL FULL rows, ${GROUP_ROWS} per commit`,
  pgSingle: 'PostgreSQL commits, 1 row, 1 connection',
  pgConcurrent: `PostgreSQL commits, 1 row, ${PG_CLIENTS} connections`,
} as const;

/** Each bound's rate per round (median of `rounds` windows of `windowMs`, subjects interleaved). */
export async function measureOfflineBounds(options: { rounds: number; windowMs: number }, print: (line: string) => void): Promise<RateMeasurement[]> {
  const dir = await mkdtemp(join(tmpdir(), 'indicia-bench-bounds-'));
  const sqlite: SqliteCommitBench[] = [];
  const closers: (() => Promise<void>)[] = [];
  try {
    const signer = rawEcdsaP256Signer();
    const single = openSqliteCommitBench(dir, 'single', 1);
    const group = openSqliteCommitBench(dir, 'group', GROUP_ROWS);
    sqlite.push(single, group);
    const subjects: RateSubject[] = [
      { name: BOUND_NAMES.signature, measure: (ms) => measureSignatureRate(ms, signer) },
      { name: BOUND_NAMES.sqliteSingle, measure: (ms) => single.measure(ms) },
      { name: BOUND_NAMES.sqliteGroup, measure: (ms) => group.measure(ms) * GROUP_ROWS },
    ];
    for (const [name, clients] of [[BOUND_NAMES.pgSingle, 1], [BOUND_NAMES.pgConcurrent, PG_CLIENTS]] as const) {
      const pg = await openPostgresCommitBench(BENCH_PG_URL, clients);
      if (!pg.reachable) {
        print(`PostgreSQL rows left out: PG_URL=${redactDatabaseUrl(BENCH_PG_URL)} does not answer (${pg.reason})`);
        break;
      }
      closers.push(pg.close);
      subjects.push({ name, measure: (ms) => pg.measure(ms) });
    }
    const rates = await measureRounds(subjects, { rounds: options.rounds, durationMs: options.windowMs, warmupMs: Math.min(200, options.windowMs) });
    return subjects.map(({ name }) => ({ subject: name, rates: rates.get(name) ?? [] }));
  } finally {
    for (const close of closers) await close();
    for (const db of sqlite) db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
