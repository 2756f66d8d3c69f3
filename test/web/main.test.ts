// The web server as a process would run it: configuration, migrations, a real listener, and a graceful
// stop that lets a purchase in flight finish and commit.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { openWebAdmin } from '../../src/web/admin.js';
import { defineWebConfig } from '../../src/web/config.js';
import { main, startWebServer } from '../../src/web/main.js';
import { createTestDatabaseUrl } from '../helpers/dialects.js';
import { makeFundedCustomer } from '../helpers/customer.js';
import { FakeProcessingServer } from './helpers/fake-processing-server.js';
import { TEST_INTERNAL_TOKEN, TEST_LICENSE, stampRequest } from './helpers/web-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('startWebServer', () => {
  it('migrates, listens, sells a stamp, and on stop finishes the purchase in flight before closing', async () => {
    const { url: databaseUrl, dispose } = await createTestDatabaseUrl('sqlite');
    cleanups.push(dispose);
    const fake = new FakeProcessingServer({ name: 'ps-a', psdId: 101, internalToken: TEST_INTERNAL_TOKEN, licenseNumber: TEST_LICENSE });
    await fake.accept();
    cleanups.push(() => fake.close());
    const admin = await openWebAdmin(databaseUrl);
    await admin.servers.add('ps-a', fake.url);
    const { apiKeySecret: secret } = await makeFundedCustomer(admin.db);
    await admin.close();

    const config = defineWebConfig({ port: 0, databaseUrl, licenseNumber: TEST_LICENSE, internalToken: TEST_INTERNAL_TOKEN, healthIntervalMs: 60_000 });
    const server = await startWebServer(config, { logger: false });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await server.stop();
    });
    const post = (key: string) =>
      fetch(`${server.address}/v1/stamps`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'idempotency-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ stamps: [stampRequest()] }),
      });
    expect((await post('first')).status).toBe(201);

    fake.mode = { kind: 'hang' };
    const inFlight = post('in-flight');
    while (fake.heldCount < 1) await new Promise((r) => setTimeout(r, 10));
    const stopping = server.stop();
    stopped = true;
    setTimeout(() => fake.release(), 100);
    const answer = await inFlight;
    expect(answer.status).toBe(201);
    await stopping;

    const db = await openDatabase(databaseUrl);
    const rows = await db.query("SELECT idempotency_key, state FROM purchases ORDER BY created_at_ms");
    await db.close();
    expect(rows).toEqual([
      { idempotency_key: 'first', state: 'completed' },
      { idempotency_key: 'in-flight', state: 'completed' },
    ]);
  });

  it('main reports an invalid configuration as CONFIG_INVALID with exit status 2', async () => {
    const writes: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => writes.push(chunk) > 0) as typeof process.stderr.write;
    try {
      await main({ INDICIA_WEB_PORT: 'eighty' });
    } finally {
      process.stderr.write = write;
    }
    expect(process.exitCode).toBe(2);
    process.exitCode = 0;
    expect(writes.join('')).toMatch(/^error CONFIG_INVALID: .*INDICIA_WEB_PORT/);
  });
});
