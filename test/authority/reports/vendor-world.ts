// A processing server's ledger and report sender talking to a real postal authority app, both on one
// test clock that the test moves a day at a time: the authority's HTTP calls go through app.inject by a
// fetch adapter, so the authority's own "today" follows the clock too (a listening authority would
// refuse reports of days that have not begun on the real calendar).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { dateToDays } from '../../../src/core/mailing-date.js';
import type { CryptoModule } from '../../../src/crypto/crypto-module.js';
import { openSoftwareModule } from '../../../src/crypto/software-module.js';
import { LEDGER_MIGRATIONS } from '../../../src/ledger/migrations.js';
import { PsdLedger } from '../../../src/ledger/psd-ledger.js';
import type { StampRequest } from '../../../src/ledger/stamp-request.js';
import { buildProcessingApp } from '../../../src/processing/app.js';
import { AuthorityClient } from '../../../src/processing/authority-client.js';
import { provisionPsd } from '../../../src/processing/provision.js';
import { ReportClient } from '../../../src/processing/reports/report-client.js';
import type { ReportDeps } from '../../../src/processing/reports/report-sender.js';
import type { OpenTestDatabase, TestDatabase } from '../../helpers/dialects.js';
import { authorityFixture, testClock, START, VENDOR_TOKEN, type AuthorityFixture, type TestClock } from '../authority-fixture.js';

export const INTERNAL_TOKEN = 'internal-token-0123456789abcdef';
const AUTHORITY_URL = 'http://authority.test';

/** The authority, the vendor's ledger, report deps and processing app, on one clock. */
export interface VendorWorld {
  readonly authority: AuthorityFixture;
  readonly clock: TestClock;
  readonly db: TestDatabase;
  readonly crypto: CryptoModule;
  readonly ledger: PsdLedger;
  readonly psdIds: readonly number[];
  readonly deps: ReportDeps;
  readonly app: FastifyInstance;
  /** Every call the vendor made to the authority, as "METHOD /path?query". */
  readonly calls: string[];
  /** Dispenses `n` stamps of `postageMills` each; answers their PSD and piece counts. */
  dispense(n: number, postageMills?: bigint): Promise<{ psdId: number; pieceCount: number; indicium: Buffer }[]>;
}

/** A fetch that hands the request to `app.inject`, recording it in `calls`. */
export function injectFetch(app: FastifyInstance, calls: string[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      ...(init?.body !== undefined && init.body !== null ? { payload: String(init.body) } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, String(value));
    return new Response(res.body, { status: res.statusCode, headers });
  }) as typeof fetch;
}

/** An authority with a funded deposit, and a ledger with `psds` PSDs provisioned through it, automatic resets on. */
export async function openVendorWorld(open: OpenTestDatabase, options: { psds?: number; clock?: TestClock } = {}): Promise<VendorWorld> {
  const clock = options.clock ?? testClock(START);
  const authority = await authorityFixture(open, { clock });
  expect((await authority.operator('POST', '/v1/deposit/fund', { amountMills: '100000000', reference: 'wire-vendor' })).statusCode).toBe(201);
  const calls: string[] = [];
  const http = { baseUrl: AUTHORITY_URL, token: VENDOR_TOKEN, timeoutMs: 10_000, fetch: injectFetch(authority.app, calls) };
  const client = await AuthorityClient.connect(http);
  const licenseNumber = await client.ensureLicense('Test Vendor');
  const db = await open({ migrations: LEDGER_MIGRATIONS });
  const keyStoreDir = await mkdtemp(join(tmpdir(), 'indicia-report-keys-'));
  const crypto = await openSoftwareModule({ keyStoreDir, masterKey: randomBytes(32) });
  onTestFinished(async () => {
    await crypto.close();
    await rm(keyStoreDir, { recursive: true, force: true });
  });
  const nowMs = () => clock.now().getTime();
  const ledger = new PsdLedger({
    db, crypto, serverId: 'ps-1', licenseNumber, authorizer: client, authorityPublicKey: client.publicKeyPem,
    autoReset: { thresholdMills: 100_000n, amountMills: 1_000_000n }, nowMs,
  });
  onTestFinished(() => ledger.settled());
  const psdIds: number[] = [];
  for (let i = 0; i < (options.psds ?? 1); i++) {
    psdIds.push((await provisionPsd({ crypto, ledger, registrar: client, serverId: 'ps-1', licenseNumber })).psd.psdId);
  }
  const deps: ReportDeps = { db, ledger, crypto, authority: new ReportClient(http), nowMs };
  const app = buildProcessingApp({
    serverId: 'ps-1', internalToken: INTERNAL_TOKEN, softwareId: 1, ledger, db, authority: client, autoReset: true,
    batch: { maxBatchSize: 64, maxWaitMs: 1 }, nowMs, reports: { crypto, transport: deps.authority },
  });
  onTestFinished(() => app.close());
  let counter = 0;
  const dispense: VendorWorld['dispense'] = async (n, postageMills = 740n) => {
    const requests: StampRequest[] = Array.from({ length: n }, () => ({
      requestId: `report-${process.pid}-${(counter += 1)}-${randomBytes(3).toString('hex')}`,
      postageMills,
      dateOfMailing: dateToDays(clock.now()),
      originZip: 941070001,
      destinationZip: 100010000,
      rateCategory: 1,
      medium: 0n,
      softwareId: 1,
    }));
    const outcomes = await ledger.dispense(requests);
    return outcomes.map((o) => {
      if (!o.ok) throw o.error;
      return { psdId: o.psdId, pieceCount: o.pieceCount, indicium: o.indicium };
    });
  };
  return { authority, clock, db, crypto, ledger, psdIds, deps, app, calls, dispense };
}
