// What every ledger integration test starts from: a migrated database, a software crypto module with
// real keys in a temporary key store, a fake authority, and helpers to make requests and check indicia.
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { decodeIndicium } from '../../src/core/indicium/codec.js';
import { SignatureAlgorithm } from '../../src/core/signature-algorithm.js';
import type { CryptoModule } from '../../src/crypto/crypto-module.js';
import { openSoftwareModule } from '../../src/crypto/software-module.js';
import type { PsdLedgerOptions } from '../../src/ledger/ledger-config.js';
import { LEDGER_MIGRATIONS } from '../../src/ledger/migrations.js';
import { PsdLedger } from '../../src/ledger/psd-ledger.js';
import type { StampRequest } from '../../src/ledger/stamp-request.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';
import { FakeAuthority } from './fake-authority.js';

/** The vendor's license number in these tests. */
export const LICENSE = 40001234;
/** The processing server the tests' ledgers belong to. */
export const SERVER = 'ps-1';

/** A test's world: database, crypto module, authority and a ledger over them. */
export interface LedgerWorld {
  readonly db: TestDatabase;
  readonly crypto: CryptoModule;
  readonly authority: FakeAuthority;
  readonly ledger: PsdLedger;
  /** Another ledger on the same database and key store (a restarted or second server). */
  readonly newLedger: (overrides?: Partial<PsdLedgerOptions>) => PsdLedger;
}

/** Opens a fresh world; `overrides` tune the first ledger (and are the default for newLedger). */
export async function openWorld(open: OpenTestDatabase, overrides: Partial<PsdLedgerOptions> = {}): Promise<LedgerWorld> {
  const db = await open({ migrations: LEDGER_MIGRATIONS });
  const keyStoreDir = await mkdtemp(join(tmpdir(), 'indicia-ledger-keys-'));
  const crypto = await openSoftwareModule({ keyStoreDir, masterKey: randomBytes(32) });
  onTestFinished(async () => {
    await crypto.close();
    await rm(keyStoreDir, { recursive: true, force: true });
  });
  const authority = new FakeAuthority(1_000_000_000n, LICENSE);
  const newLedger = (more: Partial<PsdLedgerOptions> = {}): PsdLedger =>
    new PsdLedger({
      db,
      crypto,
      serverId: SERVER,
      licenseNumber: LICENSE,
      authorizer: authority,
      authorityPublicKey: authority.publicKey,
      ...overrides,
      ...more,
    });
  const ledger = newLedger();
  onTestFinished(() => ledger.settled());
  return { db, crypto, authority, ledger, newLedger };
}

/** Generates a key in the module and provisions a PSD for it. */
export async function addPsd(world: LedgerWorld, psdId: number, algorithm: SignatureAlgorithm = SignatureAlgorithm.EcdsaP256): Promise<void> {
  const key = await world.crypto.generateKeyPair(algorithm, `psd-${psdId}`);
  await world.ledger.provisionPsd({ psdId, keyId: key.keyId, certificateSerial: 1000 + psdId });
}

let requestCounter = 0;

/** A valid stamp request with a fresh request id. */
export function stampRequest(postageMills: bigint, overrides: Partial<StampRequest> = {}): StampRequest {
  requestCounter += 1;
  return {
    requestId: `req-${process.pid}-${requestCounter}-${randomBytes(4).toString('hex')}`,
    postageMills,
    dateOfMailing: 9824,
    originZip: 941070001,
    destinationZip: 100010000,
    rateCategory: 1,
    medium: (123456789012n << 8n) | 7n,
    softwareId: 1,
    ...overrides,
  };
}

/** Verifies an indicium's signature with node:crypto against the public key of the PSD's key. */
export async function signatureVerifies(crypto: CryptoModule, keyId: string, indicium: Buffer): Promise<boolean> {
  const { fields, signedPart, signature } = decodeIndicium(indicium);
  const key = createPublicKey((await crypto.getKey(keyId)).publicKeyPem);
  if (fields.algorithm === SignatureAlgorithm.Ed25519) return verify(null, signedPart, key, signature);
  return verify('sha256', signedPart, { key, dsaEncoding: 'ieee-p1363' }, signature);
}
