import { createPrivateKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assembleIndicium, encodeSignedPart, parseIndiciumHex } from '../core/indicium/codec.js';
import { FIELD_LAYOUT, type IndiciumFields } from '../core/indicium/fields.js';
import { parseMailingDate } from '../core/mailing-date.js';
import { loadIndiciumVectors, type VectorCase } from '../testing/shared-spec.js';
import { parseCertificateDirectory } from './certificate-directory.js';
import { MemorySeenStore } from './seen-store.js';
import { createVerifier, type VerifierOptions } from './verifier.js';

const vectors = loadIndiciumVectors();
const directory = parseCertificateDirectory(vectors.directory, { authorityPublicKey: vectors.authorityPublicPem });
const p256Key = createPrivateKey(vectors.testKeys.p256PrivatePem);
const ed25519Key = createPrivateKey(vectors.testKeys.ed25519PrivatePem);

function fieldsOf(c: VectorCase): IndiciumFields {
  const entries = FIELD_LAYOUT.map((f) => [f.name, f.type === 'bigint' ? BigInt(String(c.fields[f.name])) : Number(c.fields[f.name])]);
  return Object.fromEntries(entries) as IndiciumFields;
}

const ecdsaCase = fieldsOf(vectors.cases[0]!); // certificate 7, PSD 3, P-256, mailed 2026-11-24
const ed25519Case = fieldsOf(vectors.cases[1]!); // certificate 8, PSD 4, Ed25519

/** Builds and signs an indicium with the vectors' test key of its algorithm. */
function signed(fields: IndiciumFields): Buffer {
  const data = encodeSignedPart(fields);
  const signature = fields.algorithm === 1 ? sign('sha256', data, { key: p256Key, dsaEncoding: 'ieee-p1363' }) : sign(null, data, ed25519Key);
  return assembleIndicium(fields, signature);
}

/** The vectors' directory with one certificate changed (status, dates...). */
function directoryWith(serial: number, patch: Record<string, unknown>) {
  const certificates = vectors.directory.certificates.map((c) => (c.serial === serial ? { ...c, ...patch } : c));
  return parseCertificateDirectory({ certificates });
}

function verifier(options: Partial<VerifierOptions> = {}) {
  return createVerifier({ directory, seen: new MemorySeenStore(), ...options });
}

describe('verifier against the shared vectors', () => {
  it.each(vectors.cases.slice(0, 2).map((c) => [c.name, c] as const))('finds %s valid', async (_name, c) => {
    const verdict = await verifier().verify(parseIndiciumHex(c.indiciumHex));
    expect(verdict).toMatchObject({ status: 'valid', reason: 'All six rules hold', fields: fieldsOf(c) });
    expect(verdict.rule).toBeUndefined();
    expect(verdict.checks.map((k) => [k.rule, k.passed])).toEqual([1, 2, 3, 4, 5, 6].map((r) => [r, true]));
  });

  it('finds the all-maximum case valid by the letter of §8 (the default), and outside its certificate’s period when that is enforced', async () => {
    const c = vectors.cases.find((v) => v.name === 'every field at its maximum')!;
    const bytes = parseIndiciumHex(c.indiciumHex);
    expect((await verifier().verify(bytes)).status).toBe('valid');
    // Its mailing date, day 65535 (2179-06-06), lies long after the certificate's notAfter (2028-01-01).
    const strict = await verifier({ enforceCertificatePeriod: true }).verify(bytes);
    expect(strict).toMatchObject({ status: 'invalid', rule: 2 });
    expect(strict.reason).toContain('does not cover the mailing date 2179-06-06');
    expect(strict.checks.map((k) => k.rule)).toEqual([1, 2]);
  });

  it.each(vectors.rejections.map((r) => [r.name, r] as const))('rejects %s with its verdict and rule', async (_name, r) => {
    const verdict = await verifier().verify(parseIndiciumHex(r.indiciumHex));
    expect(verdict.status).toBe(r.verdict);
    expect(verdict.rule).toBe(r.rule);
    expect(verdict.checks.at(-1)).toMatchObject({ rule: r.rule, passed: false, reason: verdict.reason });
    expect(verdict.fields === undefined).toBe(r.rule === 1);
  });

  it('reports cases[0] valid, then duplicate, with one verifier', async () => {
    const v = verifier();
    const bytes = parseIndiciumHex(vectors.cases[0]!.indiciumHex);
    expect((await v.verify(bytes)).status).toBe('valid');
    const second = await v.verify(bytes);
    expect(second).toMatchObject({ status: 'duplicate', rule: 6, reason: 'license 40001234 PSD 3 piece 1042 was seen before' });
  });
});

describe('verifier rule 2: the certificate', () => {
  it('refuses a license or PSD other than the certificate’s', async () => {
    const wrongLicense = await verifier().verify(signed({ ...ecdsaCase, licenseNumber: 40_001_235 }));
    expect(wrongLicense).toMatchObject({ status: 'invalid', rule: 2, reason: 'Certificate 7 belongs to license 40001234, not to license 40001235' });
    const wrongPsd = await verifier().verify(signed({ ...ecdsaCase, psdId: 4 }));
    expect(wrongPsd).toMatchObject({ status: 'invalid', rule: 2, reason: 'Certificate 7 belongs to PSD 3, not to PSD 4' });
    const unknown = await verifier().verify(signed({ ...ecdsaCase, certificateSerial: 99 }));
    expect(unknown).toMatchObject({ rule: 2, reason: 'No certificate with serial 99 is in the directory' });
  });

  it('accepts a revoked certificate only for mail dated on or before the day of revocation', async () => {
    const bytes = signed(ecdsaCase); // mailed 2026-11-24
    const at = async (revokedAt: string | undefined) =>
      verifier({ directory: directoryWith(7, { status: 'revoked', revokedAt }) }).verify(bytes);
    expect((await at('2026-11-25T00:00:00Z')).status).toBe('valid');
    expect((await at('2026-11-24T09:30:00Z')).status).toBe('valid'); // revoked during the mailing day, not before it
    expect((await at('2026-11-24')).status).toBe('valid'); // midnight at the start of the mailing day is not before it
    expect(await at('2026-11-23T23:59:59Z')).toMatchObject({ status: 'invalid', rule: 2 });
    expect((await at(undefined)).reason).toBe('Certificate 7 is revoked');
  });

  it('refuses a suspended certificate for mail dated on or after the suspension, or always without a date', async () => {
    const bytes = signed(ecdsaCase);
    const at = async (suspendedAt: string | undefined) =>
      verifier({ directory: directoryWith(7, { status: 'suspended', suspendedAt }) }).verify(bytes);
    expect((await at('2026-11-25T00:00:00Z')).status).toBe('valid');
    expect(await at('2026-11-24T18:00:00Z')).toMatchObject({ status: 'invalid', rule: 2 });
    expect(await at('2026-10-01')).toMatchObject({ status: 'invalid', rule: 2 });
    expect((await at(undefined)).reason).toBe('Certificate 7 is suspended');
  });

  it('refuses a mailing date outside notBefore..notAfter, counting whole UTC days', async () => {
    const v = verifier({ enforceCertificatePeriod: true });
    expect((await v.verify(signed({ ...ecdsaCase, dateOfMailing: parseMailingDate('2025-12-31') }))).rule).toBe(2);
    expect((await v.verify(signed({ ...ecdsaCase, pieceCount: 1, dateOfMailing: parseMailingDate('2026-01-01') }))).status).toBe('valid');
    expect((await v.verify(signed({ ...ecdsaCase, pieceCount: 2, dateOfMailing: parseMailingDate('2028-01-01') }))).status).toBe('valid');
    expect((await v.verify(signed({ ...ecdsaCase, pieceCount: 3, dateOfMailing: parseMailingDate('2028-01-02') }))).rule).toBe(2);
  });
});

describe('verifier rules 3 and 4: signature and registers', () => {
  it('refuses a signature by another key, or made with the other algorithm', async () => {
    const byEd25519Key = await verifier().verify(signed({ ...ed25519Case, certificateSerial: 7, psdId: 3 }));
    expect(byEd25519Key).toMatchObject({ rule: 3, reason: 'The indicium is signed with Ed25519 but certificate 7 holds an ECDSA P-256 key' });
    const flipped = signed(ed25519Case);
    flipped[100] = flipped[100]! ^ 1;
    expect(await verifier().verify(flipped)).toMatchObject({ rule: 3, reason: 'The Ed25519 signature does not verify with the key of certificate 8' });
  });

  it('refuses zero postage and an ascending register below the postage', async () => {
    expect(await verifier().verify(signed({ ...ecdsaCase, postage: 0n }))).toMatchObject({ status: 'invalid', rule: 4, reason: 'The postage is zero' });
    const low = await verifier().verify(signed({ ...ecdsaCase, ascendingRegister: 739n }));
    expect(low).toMatchObject({ rule: 4, reason: 'The ascending register $0.739 is less than the postage $0.74' });
    expect((await verifier().verify(signed({ ...ecdsaCase, ascendingRegister: 740n }))).status).toBe('valid');
  });
});

describe('verifier rule 5: the mailing window', () => {
  const bytes = signed(ecdsaCase); // mailed 2026-11-24

  it('checks a fixed window given as dates or days', async () => {
    expect((await verifier({ window: { from: '2026-11-24', to: '2026-11-24' } }).verify(bytes)).status).toBe('valid');
    const later = await verifier({ window: { from: '2026-12-01', to: new Date('2026-12-31T00:00:00Z') } }).verify(bytes);
    expect(later).toMatchObject({ status: 'invalid', rule: 5 });
    expect(later.reason).toBe('Mailing date 2026-11-24 lies outside the configured window, 2026-12-01 to 2026-12-31');
    expect((await verifier({ window: { to: parseMailingDate('2026-11-23') } }).verify(bytes)).rule).toBe(5);
  });

  it('checks the scan date against its tolerance', async () => {
    expect((await verifier().verify(bytes, { scanDate: new Date('2026-11-26T15:00:00Z') })).status).toBe('valid');
    // The default tolerance lets mail be scanned up to 30 days after its date, and dated one day ahead.
    expect((await verifier().verify(bytes, { scanDate: '2026-12-24' })).status).toBe('valid');
    expect((await verifier().verify(bytes, { scanDate: '2026-12-25' })).rule).toBe(5);
    expect((await verifier().verify(bytes, { scanDate: '2026-11-23' })).status).toBe('valid');
    expect((await verifier().verify(bytes, { scanDate: '2026-11-22' })).rule).toBe(5);
    const tight = { daysBeforeScan: 0, daysAfterScan: 0 };
    expect((await verifier({ scanTolerance: tight }).verify(bytes, { scanDate: '2026-11-25' })).rule).toBe(5);
    expect((await verifier().verify(bytes, { scanDate: '2026-11-25', tolerance: tight })).rule).toBe(5);
  });

  it('records in the seen-store only indicia that pass rules 1 to 5', async () => {
    const seen = new MemorySeenStore();
    const v = createVerifier({ directory, seen });
    expect((await v.verify(bytes, { scanDate: '2027-06-01' })).rule).toBe(5);
    expect((await v.verify(signed({ ...ecdsaCase, postage: 0n }))).rule).toBe(4);
    expect(seen.size).toBe(0);
    expect((await v.verify(bytes)).status).toBe('valid');
    expect(seen.size).toBe(1);
  });
});

describe('verifier with an asynchronous seen-store', () => {
  it('awaits the store and reports duplicates from it', async () => {
    const recorded: string[] = [];
    const seen = {
      recordFirstSighting: async (license: number, psd: number, piece: number) => {
        const key = `${license}/${psd}/${piece}`;
        const first = !recorded.includes(key);
        recorded.push(key);
        return first;
      },
    };
    const v = createVerifier({ directory, seen });
    const bytes = parseIndiciumHex(vectors.cases[1]!.indiciumHex);
    expect((await v.verify(bytes)).status).toBe('valid');
    expect((await v.verify(bytes)).status).toBe('duplicate');
    expect(recorded).toEqual(['40001234/4/1', '40001234/4/1']);
  });
});
