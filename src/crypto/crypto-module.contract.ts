// The one contract every CryptoModule passes (kysely's habit: one suite, run against every dialect).
// Called from software-module.test.ts and pkcs11-module.test.ts with a way to open the module under test.
import { verify } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_LENGTH, SignatureAlgorithm } from '../core/signature-algorithm.js';
import { isAppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalogue.js';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import type { CryptoModule } from './crypto-module.js';

/** The module under test: how to open it (every call reaches the same key store or token). */
export interface ContractSubject {
  readonly name: string;
  open(): Promise<CryptoModule>;
  /** The algorithms this module is expected to offer. */
  readonly expectedAlgorithms: readonly SignatureAlgorithm[];
}

const testDirs = new Set<string>();

/** A fresh folder under test/tmp/ (git-ignored) for one test file's key stores and tokens. */
export function makeTestDir(prefix: string): string {
  const root = fileURLToPath(new URL('../../test/tmp/', import.meta.url));
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, `${prefix}-`));
  testDirs.add(dir);
  return dir;
}

/** Removes the folders makeTestDir made in this process (call from afterAll, once every module is closed). */
export async function removeTestDirs(): Promise<void> {
  await Promise.all([...testDirs].map((dir) => rm(dir, { recursive: true, force: true })));
  testDirs.clear();
}

/** Verifies a spec §3 signature with node:crypto against an exported SPKI PEM. */
export function verifyWithPem(algorithm: SignatureAlgorithm, publicKeyPem: string, data: Uint8Array, signature: Uint8Array): boolean {
  if (algorithm === SignatureAlgorithm.EcdsaP256) return verify('sha256', data, { key: publicKeyPem, dsaEncoding: 'ieee-p1363' }, signature);
  return verify(null, data, publicKeyPem, signature);
}

/** Resolves to the error code `promise` rejects with (fails the test when it resolves). */
export async function rejectionCode(promise: Promise<unknown>): Promise<ErrorCode | string> {
  try {
    await promise;
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

const ALL_ALGORITHMS = [SignatureAlgorithm.EcdsaP256, SignatureAlgorithm.Ed25519] as const;
const NAMES: Record<SignatureAlgorithm, string> = { 1: 'ECDSA P-256', 2: 'Ed25519' };

/** The module a contract group works on; reopen() closes it and opens the same store again. */
interface ContractContext {
  readonly module: CryptoModule;
  reopen(): Promise<void>;
}

/** Declares the contract suite for `subject`. */
export function describeCryptoModuleContract(subject: ContractSubject): void {
  describe(`CryptoModule contract: ${subject.name}`, () => {
    let module: CryptoModule | undefined;
    const ctx: ContractContext = {
      get module() {
        if (module === undefined) throw new Error('the module under test did not open');
        return module;
      },
      async reopen() {
        await module?.close();
        module = await subject.open();
      },
    };
    beforeAll(async () => {
      module = await subject.open();
    });
    afterAll(async () => {
      await module?.close();
    });
    describeKeyGeneration(subject, ctx);
    describeKeyLookup(subject, ctx);
    describeSigning(subject, ctx);
  });
}

function describeKeyGeneration(subject: ContractSubject, ctx: ContractContext): void {
  it('offers the expected algorithms, ECDSA P-256 always among them', () => {
    expect([...ctx.module.algorithms].sort()).toEqual([...subject.expectedAlgorithms].sort());
    expect(ctx.module.algorithms).toContain(SignatureAlgorithm.EcdsaP256);
  });

  for (const algorithm of ALL_ALGORITHMS) {
    if (subject.expectedAlgorithms.includes(algorithm)) {
      it(`${NAMES[algorithm]}: generates a key pair and signs 64 bytes that node:crypto verifies with the exported PEM`, async () => {
        const info = await ctx.module.generateKeyPair(algorithm, `contract-${algorithm}`);
        expect(info).toMatchObject({ algorithm, label: `contract-${algorithm}` });
        expect(info.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
        expect(await ctx.module.getKey(info.keyId)).toEqual(info);
        const data = Buffer.from(`message for ${info.keyId}`);
        const signature = await ctx.module.sign(info.keyId, data);
        expect(signature.length).toBe(SIGNATURE_LENGTH);
        expect(verifyWithPem(algorithm, info.publicKeyPem, data, signature)).toBe(true);
        expect(verifyWithPem(algorithm, info.publicKeyPem, Buffer.from('another message'), signature)).toBe(false);
      });
    } else {
      it(`${NAMES[algorithm]}: not offered, so generateKeyPair refuses it with CRYPTO_ALGORITHM_UNSUPPORTED`, async () => {
        expect(ctx.module.algorithms).not.toContain(algorithm);
        expect(await rejectionCode(ctx.module.generateKeyPair(algorithm, 'refused'))).toBe('CRYPTO_ALGORITHM_UNSUPPORTED');
      });
    }
  }

  it('refuses an unknown algorithm code and a bad label', async () => {
    expect(await rejectionCode(ctx.module.generateKeyPair(3 as SignatureAlgorithm, 'x'))).toBe('CRYPTO_ALGORITHM_UNSUPPORTED');
    expect(await rejectionCode(ctx.module.generateKeyPair(SignatureAlgorithm.EcdsaP256, ''))).toBe('INVALID_ARGUMENT');
    expect(await rejectionCode(ctx.module.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'a\nb'))).toBe('INVALID_ARGUMENT');
    expect(await rejectionCode(ctx.module.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'x'.repeat(65)))).toBe('INVALID_ARGUMENT');
  });
}

function describeKeyLookup(subject: ContractSubject, ctx: ContractContext): void {
  it('keeps keys across closing and reopening the module', async () => {
    const created = [];
    for (const algorithm of subject.expectedAlgorithms) created.push(await ctx.module.generateKeyPair(algorithm, `survivor-${algorithm}`));
    await ctx.reopen();
    for (const info of created) {
      expect(await ctx.module.getKey(info.keyId)).toEqual(info);
      const data = Buffer.from('signed after reopening');
      expect(verifyWithPem(info.algorithm, info.publicKeyPem, data, await ctx.module.sign(info.keyId, data))).toBe(true);
    }
  });

  it('lists every key it holds with label and algorithm, ordered by label', async () => {
    const a = await ctx.module.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'list-b');
    const b = await ctx.module.generateKeyPair(subject.expectedAlgorithms.at(-1) ?? SignatureAlgorithm.EcdsaP256, 'list-a');
    const listed = await ctx.module.listKeys();
    expect(listed).toContainEqual(a);
    expect(listed).toContainEqual(b);
    const labels = listed.map((k) => k.label);
    expect(labels).toEqual([...labels].sort());
    expect(new Set(listed.map((k) => k.keyId)).size).toBe(listed.length);
  });

  it('answers CRYPTO_KEY_NOT_FOUND for an unknown or malformed key id', async () => {
    for (const keyId of ['00112233445566778899aabbccddeeff', '../../etc/passwd', '', 'zz']) {
      expect(await rejectionCode(ctx.module.sign(keyId, Buffer.from('x')))).toBe('CRYPTO_KEY_NOT_FOUND');
      expect(await rejectionCode(ctx.module.getKey(keyId))).toBe('CRYPTO_KEY_NOT_FOUND');
    }
  });

  it('fails with CRYPTO_MODULE_UNAVAILABLE once closed', async () => {
    const other = await subject.open();
    const [key] = await other.listKeys();
    await other.close();
    expect(key).toBeDefined();
    expect(await rejectionCode(other.sign(key!.keyId, Buffer.from('late')))).toBe('CRYPTO_MODULE_UNAVAILABLE');
    expect(await rejectionCode(other.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'late'))).toBe('CRYPTO_MODULE_UNAVAILABLE');
    expect(await rejectionCode(other.listKeys())).toBe('CRYPTO_MODULE_UNAVAILABLE');
  });
}

function describeSigning(subject: ContractSubject, ctx: ContractContext): void {
  it('signs concurrently, every signature verifying against its own message', async () => {
    const keys = await Promise.all(subject.expectedAlgorithms.map((alg) => ctx.module.generateKeyPair(alg, `concurrent-${alg}`)));
    const jobs = Array.from({ length: 64 }, (_, i) => ({ key: keys[i % keys.length]!, data: Buffer.from(`piece ${i}`) }));
    const signatures = await Promise.all(jobs.map((job) => ctx.module.sign(job.key.keyId, job.data)));
    jobs.forEach((job, i) => {
      expect(verifyWithPem(job.key.algorithm, job.key.publicKeyPem, job.data, signatures[i]!), `piece ${i}`).toBe(true);
    });
  });

  it('signs the 53 signed bytes of the shared vectors so the 117-byte indicium verifies', async () => {
    const vectors = loadIndiciumVectors();
    for (const algorithm of subject.expectedAlgorithms) {
      const vector = vectors.cases.find((c) => Number(c.fields.algorithm) === algorithm);
      if (vector === undefined) throw new Error(`the shared vectors have no case of algorithm ${algorithm}`);
      const signed = Buffer.from(vector.signedHex, 'hex');
      expect(signed.length).toBe(53);
      expect(signed[1]).toBe(algorithm);
      const key = await ctx.module.generateKeyPair(algorithm, `vector-${algorithm}`);
      const indicium = Buffer.concat([signed, await ctx.module.sign(key.keyId, signed)]);
      expect(indicium.length).toBe(117);
      expect(verifyWithPem(algorithm, key.publicKeyPem, indicium.subarray(0, 53), indicium.subarray(53))).toBe(true);
      const altered = Buffer.from(indicium);
      altered[30] = (altered[30] ?? 0) ^ 0x01; // one bit of the postage
      expect(verifyWithPem(algorithm, key.publicKeyPem, altered.subarray(0, 53), altered.subarray(53))).toBe(false);
    }
  });
}
