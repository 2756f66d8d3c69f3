// Builds a web app on a fresh test database with fake processing servers registered and checked, and
// an API key; everything is closed when the test ends.
import { onTestFinished } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { defineWebConfig, type WebConfig } from '../../../src/web/config.js';
import { WEB_MIGRATIONS } from '../../../src/web/migrations.js';
import { buildWebApp, type WebApp } from '../../../src/web/web-app.js';
import type { OpenTestDatabase, TestDatabase } from '../../helpers/dialects.js';
import { makeFundedCustomer } from '../../helpers/customer.js';
import { FakeProcessingServer } from './fake-processing-server.js';

/** The internal token the web app and the fakes share. */
export const TEST_INTERNAL_TOKEN = 'test-internal-token-0123456789';
/** The vendor's license number in these tests. */
export const TEST_LICENSE = 40001234;

/** A running test setup. */
export interface WebHarness {
  readonly app: WebApp;
  readonly db: TestDatabase;
  readonly fakes: readonly FakeProcessingServer[];
  /** Bearer header value of a fresh API key. */
  readonly auth: string;
  readonly apiKeyId: string;
  /** The account of that key: ready to buy, with US$10,000 of prepaid postage. */
  readonly accountId: string;
  /** Closes the app and the fakes (done automatically at the end of the test that started the harness). */
  close(): Promise<void>;
}

/** Options of a harness. */
export interface HarnessOptions {
  readonly servers?: number;
  readonly config?: Partial<WebConfig>;
  /** Wraps the database handed to the app (to count transactions, for example). */
  readonly wrapDb?: (db: Database) => Database;
}

/** Starts fakes, builds the app, registers the fakes in order, runs one health round and makes an API key. */
export async function startHarness(open: OpenTestDatabase, options: HarnessOptions = {}): Promise<WebHarness> {
  const db = await open({ migrations: WEB_MIGRATIONS });
  const config = defineWebConfig({
    licenseNumber: TEST_LICENSE,
    internalToken: TEST_INTERNAL_TOKEN,
    dispatchTimeoutMs: 2_000,
    lookupTimeoutMs: 2_000,
    healthTimeoutMs: 1_000,
    // The tests run health rounds themselves (checkNow); the loop is not started.
    healthIntervalMs: 60_000,
    ...options.config,
  });
  const fakes: FakeProcessingServer[] = [];
  const built: { app?: WebApp } = {};
  const close = async (): Promise<void> => {
    await built.app?.close();
    await Promise.all(fakes.map((f) => f.close()));
  };
  try {
    onTestFinished(close);
  } catch {
    // Started in beforeAll: the caller closes it in afterAll.
  }
  for (let i = 0; i < (options.servers ?? 1); i++) {
    const fake = new FakeProcessingServer({ name: `ps-${String.fromCharCode(97 + i)}`, psdId: 101 + i, internalToken: TEST_INTERNAL_TOKEN, licenseNumber: TEST_LICENSE });
    await fake.accept();
    fakes.push(fake);
  }
  const app = await buildWebApp({ config, db: options.wrapDb?.(db) ?? db });
  built.app = app;
  for (const fake of fakes) await app.web.registry.add(fake.options.name, fake.url);
  await app.web.healthChecker.checkNow();
  const customer = await makeFundedCustomer(db);
  return { app, db, fakes, auth: `Bearer ${customer.apiKeySecret}`, apiKeyId: customer.credentialId, accountId: customer.accountId, close };
}

/** One valid stamp request. */
export function stampRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { rateCategory: 1, postage: 900, dateOfMailing: '2026-11-24', originZip: '94107-0001', ...overrides };
}

/** POST /v1/stamps with the given key, idempotency key and stamps. */
export function buy(h: WebHarness, idempotencyKey: string, stamps: readonly Record<string, unknown>[], auth = h.auth) {
  return h.app.inject({
    method: 'POST',
    url: '/v1/stamps',
    headers: { authorization: auth, 'idempotency-key': idempotencyKey },
    payload: { stamps },
  });
}

/** The server names that dispensed the stamps of a 201 answer, by PSD id (fake i holds PSD 101 + i). */
export function psdIdsOf(body: string): number[] {
  return (JSON.parse(body) as { stamps: { fields: { psdId: number } }[] }).stamps.map((s) => s.fields.psdId);
}
