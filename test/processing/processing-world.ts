// What every processing-server integration test starts from: a real postal authority (its own
// database, keys and app, listening on an ephemeral loopback port), a processing server's ledger on
// another database with a software crypto module in a temporary folder, PSDs provisioned the way
// `indicia init` does it (key → authority registration → ledger), and the processing app over them.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildAuthorityApp } from '../../src/authority/app.js';
import { createAuthorityKeys } from '../../src/authority/authority-keys.js';
import type { AuthorityContext } from '../../src/authority/context.js';
import { AUTHORITY_MIGRATIONS } from '../../src/authority/migrations.js';
import { dateToDays } from '../../src/core/mailing-date.js';
import type { CryptoModule } from '../../src/crypto/crypto-module.js';
import { openSoftwareModule } from '../../src/crypto/software-module.js';
import { INTERNAL_TOKEN_HEADER, type DispenseItem, type DispensedStamp } from '../../src/internal-api/dispense-contract.js';
import type { AutoResetConfig, PsdLedgerOptions } from '../../src/ledger/ledger-config.js';
import { LEDGER_MIGRATIONS } from '../../src/ledger/migrations.js';
import { PsdLedger } from '../../src/ledger/psd-ledger.js';
import { buildProcessingApp } from '../../src/processing/app.js';
import { AuthorityClient } from '../../src/processing/authority-client.js';
import { provisionPsd, type ProvisionedPsd } from '../../src/processing/provision.js';
import { parseCertificateDirectory } from '../../src/verifier/certificate-directory.js';
import { MemorySeenStore } from '../../src/verifier/seen-store.js';
import { createVerifier, type Verdict } from '../../src/verifier/verifier.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';

/** The license number the test authority assigns. */
export const LICENSE = 40001234;
export const VENDOR_TOKEN = 'vendor-token-0123456789abcdef0123456789';
export const OPERATOR_TOKEN = 'operator-token-0123456789abcdef012345678';
export const INTERNAL_TOKEN = 'internal-token-0123456789abcdef';
export const SERVER_ID = 'ps-1';

/** A running test authority. */
export interface TestAuthority {
  readonly db: TestDatabase;
  readonly app: FastifyInstance;
  readonly url: string;
  /** The authority's view of the vendor's deposit, in mills. */
  depositMills(): Promise<bigint>;
  /** Credits the deposit (operator call). */
  fund(amountMills: bigint): Promise<void>;
  /** GET with the vendor token; the parsed JSON. */
  get(path: string): Promise<Record<string, unknown>>;
}

/** Starts an authority on its own fresh database, listening on 127.0.0.1 (any free port). */
export async function startTestAuthority(open: OpenTestDatabase): Promise<TestAuthority> {
  const db = await open({ migrations: AUTHORITY_MIGRATIONS });
  const keys = await createAuthorityKeys({ authorityName: 'Test Postal Authority', now: new Date(), rootValidityDays: 3650 });
  const context: AuthorityContext = {
    db,
    keys,
    policy: {
      authorityName: 'Test Postal Authority',
      licenseNumber: LICENSE,
      certificateValidityDays: 730,
      inspectionIntervalDays: 90,
      maxResetMills: 100_000_000n,
      maxFundingMills: 100_000_000_000n,
    },
    clock: () => new Date(),
    newLicenseNumber: () => LICENSE,
  };
  const app = buildAuthorityApp({ context, tokens: { vendor: VENDOR_TOKEN, operator: OPERATOR_TOKEN } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(() => app.close());
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const call = async (method: string, path: string, token: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(new URL(path, url), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  let fundings = 0;
  return {
    db,
    app,
    url,
    depositMills: async () => BigInt((await call('GET', '/v1/deposit', VENDOR_TOKEN)).balanceMills as string),
    fund: async (amountMills) => {
      fundings += 1;
      await call('POST', '/v1/deposit/fund', OPERATOR_TOKEN, { amountMills: amountMills.toString(), reference: `test-funding-${fundings}` });
    },
    get: (path) => call('GET', path, VENDOR_TOKEN),
  };
}

/** How a world is set up. */
export interface WorldOptions {
  /** PSDs to provision; 1 by default. */
  readonly psds?: number;
  /** Automatic resets; off when absent. */
  readonly autoReset?: AutoResetConfig;
  /** Initial funding of the deposit, mills; 100,000,000 (US$100,000) by default. */
  readonly depositMills?: bigint;
  /** Group commit of the app. */
  readonly batch?: { readonly maxBatchSize: number; readonly maxWaitMs: number };
  /** Replaces the crypto module the ledger signs with (e.g. one that fails on purpose). */
  readonly wrapCrypto?: (crypto: CryptoModule) => CryptoModule;
  readonly serverId?: string;
}

/** A processing server under test and the authority it talks to. */
export interface ProcessingWorld {
  readonly authority: TestAuthority;
  readonly client: AuthorityClient;
  readonly db: TestDatabase;
  readonly crypto: CryptoModule;
  readonly ledger: PsdLedger;
  readonly app: FastifyInstance;
  readonly psds: readonly ProvisionedPsd[];
  /** The ledger's and app's clock; tests may move it, in milliseconds. */
  readonly clock: { offsetMs: number };
  /** Another processing server (its own id, ledger and app) on the same database and authority. */
  readonly addServer: (serverId: string, options?: WorldOptions) => Promise<Pick<ProcessingWorld, 'ledger' | 'app' | 'psds'>>;
}

/** Builds a world: authority, funded deposit, processing ledger with provisioned PSDs, and the app. */
export async function openProcessingWorld(open: OpenTestDatabase, options: WorldOptions = {}): Promise<ProcessingWorld> {
  const authority = await startTestAuthority(open);
  await authority.fund(options.depositMills ?? 100_000_000n);
  const client = await AuthorityClient.connect({ baseUrl: authority.url, token: VENDOR_TOKEN, timeoutMs: 5_000 });
  const licenseNumber = await client.ensureLicense('Test Vendor');
  const db = await open({ migrations: LEDGER_MIGRATIONS });
  const keyStoreDir = await mkdtemp(join(tmpdir(), 'indicia-processing-keys-'));
  const crypto = await openSoftwareModule({ keyStoreDir, masterKey: randomBytes(32) });
  onTestFinished(async () => {
    await crypto.close();
    await rm(keyStoreDir, { recursive: true, force: true });
  });
  const clock = { offsetMs: 0 };
  const server = async (serverId: string, o: WorldOptions): Promise<Pick<ProcessingWorld, 'ledger' | 'app' | 'psds'>> => {
    const ledgerOptions: PsdLedgerOptions = {
      db,
      crypto: o.wrapCrypto?.(crypto) ?? crypto,
      serverId,
      licenseNumber,
      authorizer: client,
      authorityPublicKey: client.publicKeyPem,
      nowMs: () => Date.now() + clock.offsetMs,
      ...(o.autoReset !== undefined ? { autoReset: o.autoReset } : {}),
    };
    const ledger = new PsdLedger(ledgerOptions);
    const psds: ProvisionedPsd[] = [];
    for (let i = 0; i < (o.psds ?? 1); i++) {
      psds.push(await provisionPsd({ crypto, ledger, registrar: client, serverId, licenseNumber }));
    }
    const app = buildProcessingApp({
      serverId,
      internalToken: INTERNAL_TOKEN,
      softwareId: 1,
      ledger,
      db,
      authority: client,
      autoReset: o.autoReset !== undefined,
      batch: o.batch ?? { maxBatchSize: 64, maxWaitMs: 2 },
      nowMs: () => Date.now() + clock.offsetMs,
    });
    onTestFinished(() => app.close());
    return { ledger, app, psds };
  };
  const first = await server(options.serverId ?? SERVER_ID, options);
  return { authority, client, db, crypto, clock, ...first, addServer: (serverId, o = {}) => server(serverId, o) };
}

let itemCounter = 0;

/** A valid dispense item with a fresh request id, mailed today. */
export function dispenseItem(overrides: Partial<DispenseItem> = {}): DispenseItem {
  itemCounter += 1;
  return {
    requestId: `req-${process.pid}-${itemCounter}-${randomBytes(4).toString('hex')}`,
    postage: '740',
    rateCategory: 1,
    dateOfMailing: dateToDays(new Date()),
    originZip: 941070001,
    destinationZip: 100010000,
    medium: '0',
    ...overrides,
  };
}

/** Injects a request with the internal token (or `token` when given, or none when null). */
export function internal(app: FastifyInstance, method: 'GET' | 'POST', url: string, payload?: unknown, token: string | null = INTERNAL_TOKEN) {
  return app.inject({
    method,
    url,
    headers: token === null ? {} : { [INTERNAL_TOKEN_HEADER]: token },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

/** POST /internal/v1/dispense of one purchase. */
export function dispense(app: FastifyInstance, items: readonly DispenseItem[], purchaseId = `purchase-${randomBytes(4).toString('hex')}`) {
  return internal(app, 'POST', '/internal/v1/dispense', { purchaseId, items });
}

/** Verifies stamps with the spec §8 verifier against the authority's certificate directory (checked with its key). */
export async function verifyStamps(world: { readonly authority: TestAuthority }, stamps: readonly DispensedStamp[]): Promise<Verdict[]> {
  const document = await (await fetch(new URL('/.well-known/indicia-certificates.json', world.authority.url))).json();
  const authorityPublicKey = (await world.authority.get('/v1/authority')).publicKeyPem as string;
  const directory = parseCertificateDirectory(document, { authorityPublicKey });
  const verifier = createVerifier({ directory, seen: new MemorySeenStore() });
  const verdicts: Verdict[] = [];
  for (const stamp of stamps) verdicts.push(await verifier.verify(Buffer.from(stamp.indicium, 'base64')));
  return verdicts;
}
