// A postal authority listening on an ephemeral loopback port, for the browser: a fresh SQLite database,
// a registered PSD whose private key the tests hold (so they can dispense and forge indicia), and the
// test clock standing at START.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTHORITY_MIGRATIONS } from '../../src/authority/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';
import { registerPsd, scanningFixture, type ScanningFixture, type TestPsd } from '../authority/scanning/scanning-fixture.js';

/** A listening authority. */
export interface VerifyServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly fixture: ScanningFixture;
  readonly psd: TestPsd;
  close(): Promise<void>;
}

/** Starts an authority app on 127.0.0.1 with one registered PSD. */
export async function startVerifyServer(options: { scanBodyLimitBytes?: number } = {}): Promise<VerifyServer> {
  const cleanups: (() => Promise<void>)[] = [];
  const open: OpenTestDatabase = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'indicia-browser-'));
    const url = `sqlite:${join(dir, 'authority.db')}`;
    const db = await openDatabase(url);
    cleanups.push(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    await db.migrate(AUTHORITY_MIGRATIONS);
    return Object.assign(db, { url }) as TestDatabase;
  };
  const fixture = await scanningFixture(open, options);
  const psd = await registerPsd(fixture);
  await fixture.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = fixture.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fixture,
    psd,
    close: async () => {
      await fixture.app.close();
      for (const cleanup of cleanups) await cleanup();
    },
  };
}
