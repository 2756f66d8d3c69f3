import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignatureAlgorithm } from '../../core/signature-algorithm.js';
import { isAppError } from '../../errors/app-error.js';
import { parseDay } from './report-day.js';
import { transactionReportFromJson, transactionReportToJson } from './report-json.js';
import { consistentDay, signReportWith } from './report-test-support.js';
import {
  REPORT_SIGNATURE_PREFIX,
  reportContentSha256,
  reportSignedMessage,
  transactionReportBytes,
  verifyReportSignature,
  type TransactionReportFields,
} from './transaction-report.js';

const DAY = parseDay('2026-03-01')!;
const RESET = { transactionId: 'tx-0001', amountMills: 1_000_000n, oldControlTotalMills: 0n, newControlTotalMills: 1_000_000n, appliedAtMs: Date.parse('2026-03-01T08:00:00.123Z') };
const day = (over: Partial<TransactionReportFields> = {}): TransactionReportFields => ({
  ...consistentDay({ licenseNumber: 40001234, psdId: 3, day: DAY, postages: [740n, 1_000n, 740n], resets: [RESET] }),
  ...over,
});

function reportError(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (err) {
    return isAppError(err) ? `${err.code}: ${err.message}` : String(err);
  }
}

describe('transaction report bytes', () => {
  it('lays the fields out big-endian as docs/authority.md says', () => {
    const r = day();
    const b = transactionReportBytes(r);
    expect(b[0]).toBe(1);
    expect(b.readUInt32BE(1)).toBe(40001234);
    expect(b.readUInt32BE(5)).toBe(3);
    expect(b.readUInt32BE(9)).toBe(DAY);
    expect(b[13]).toBe(1);
    expect([b.readUInt32BE(14), b.readUInt32BE(18)]).toEqual([1, 3]);
    expect([b.readBigUInt64BE(22), b.readBigUInt64BE(30), b.readBigUInt64BE(38), b.readBigUInt64BE(46)]).toEqual([0n, 740n, 2_480n, 2_480n]);
    expect(b.readUInt32BE(54)).toBe(3);
    // Second piece row: count 2, postage 1000, AR 1740.
    expect([b.readUInt32BE(78), b.readBigUInt64BE(82), b.readBigUInt64BE(90)]).toEqual([2, 1_000n, 1_740n]);
    const resets = 58 + 3 * 20;
    expect(b.readUInt32BE(resets)).toBe(1);
    expect(b[resets + 4]).toBe(7);
    expect(b.subarray(resets + 5, resets + 12).toString('ascii')).toBe('tx-0001');
    expect(b.readBigUInt64BE(resets + 12 + 24)).toBe(BigInt(RESET.appliedAtMs));
    expect(b.length).toBe(resets + 12 + 32);
  });

  it('writes a day without pieces with the has-pieces flag off and zeros in the range', () => {
    const empty = consistentDay({ licenseNumber: 40001234, psdId: 3, day: DAY, ascendingBeforeMills: 5_000n, postages: [] });
    const b = transactionReportBytes(empty);
    expect(b[13]).toBe(0);
    expect(b.readBigUInt64BE(22)).toBe(5_000n);
    expect(b.readUInt32BE(54)).toBe(0);
  });

  it('refuses fields that do not fit or half-given ranges', () => {
    expect(reportError(() => transactionReportBytes(day({ lastPieceCount: null })))).toMatch(/^REPORT_INVALID: .*all given or all null/);
    expect(reportError(() => transactionReportBytes(day({ psdId: 0 })))).toMatch(/^REPORT_INVALID: psdId 0/);
    expect(reportError(() => transactionReportBytes(day({ postageTotalMills: -1n })))).toMatch(/^REPORT_INVALID: postageTotalMills/);
    expect(reportError(() => transactionReportBytes(day({ resets: [{ ...RESET, transactionId: 'has space' }] })))).toMatch(/transactionId/);
  });

  it('signs a fixed-size digest message under its own prefix, never an indicium', () => {
    const message = reportSignedMessage(day());
    expect(message.length).toBe(REPORT_SIGNATURE_PREFIX.length + 32);
    expect(message.subarray(0, REPORT_SIGNATURE_PREFIX.length).toString('ascii')).toBe('IBI-TRANSACTION-REPORT-V1\0');
    expect(message[0]).not.toBe(1);
  });
});

describe('transaction report signatures', () => {
  for (const [name, algorithm, pair] of [
    ['ECDSA P-256', SignatureAlgorithm.EcdsaP256, generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['Ed25519', SignatureAlgorithm.Ed25519, generateKeyPairSync('ed25519')],
  ] as const) {
    it(`verifies with the PSD's ${name} key, and not once a row or the key changes`, () => {
      const report = signReportWith(day(), pair.privateKey);
      expect(report.signature.length).toBe(64);
      expect(verifyReportSignature(report, algorithm, pair.publicKey)).toBe(true);
      const tampered = { ...report, pieces: report.pieces.filter((p) => p.pieceCount !== 2) };
      expect(verifyReportSignature(tampered, algorithm, pair.publicKey)).toBe(false);
      const other = name === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      expect(verifyReportSignature(report, algorithm, other.publicKey)).toBe(false);
    });
  }

  it('names the content by the hash of its bytes, whatever the signature', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const a = signReportWith(day(), key);
    const b = signReportWith(day(), key);
    expect(a.signature.equals(b.signature)).toBe(false); // ECDSA signatures are randomized
    expect(reportContentSha256(a)).toBe(reportContentSha256(b));
    expect(reportContentSha256(day({ postageTotalMills: 1n }))).not.toBe(reportContentSha256(a));
  });
});

describe('the JSON form', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

  it('round-trips any consistent day exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 16_777_215n }), { maxLength: 20 }), fc.nat({ max: 1_000_000 }), fc.bigInt({ min: 0n, max: 1n << 39n }), (postages, before, ar) => {
        const fields = consistentDay({ licenseNumber: 1, psdId: 9, day: DAY, piecesBefore: before, ascendingBeforeMills: ar, postages, resets: [RESET] });
        const report = signReportWith(fields, key);
        const back = transactionReportFromJson(JSON.parse(JSON.stringify(transactionReportToJson(report))));
        expect(transactionReportBytes(back).equals(transactionReportBytes(report))).toBe(true);
        expect(back.signature.equals(report.signature)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('writes pieces as compact triples and money as decimal strings', () => {
    const json = transactionReportToJson(signReportWith(day(), key));
    expect(json).toMatchObject({ version: 1, day: '2026-03-01', firstPieceCount: 1, lastPieceCount: 3, postageTotalMills: '2480' });
    expect(json.pieces[1]).toEqual([2, '1000', '1740']);
    expect(json.resets[0]).toEqual({ transactionId: 'tx-0001', amountMills: '1000000', oldControlTotalMills: '0', newControlTotalMills: '1000000', appliedAt: '2026-03-01T08:00:00.123Z' });
  });

  it('refuses unknown fields, bad triples, bad money and a bad signature', () => {
    const json = transactionReportToJson(signReportWith(day(), key)) as unknown as Record<string, unknown>;
    expect(reportError(() => transactionReportFromJson({ ...json, note: 'x' }))).toMatch(/unknown fields note/);
    expect(reportError(() => transactionReportFromJson({ ...json, pieces: [[1, '740']] }))).toMatch(/pieces\[0\] must be/);
    expect(reportError(() => transactionReportFromJson({ ...json, pieces: [[1, 740, '740']] }))).toMatch(/pieces\[0\]\[1\]/);
    expect(reportError(() => transactionReportFromJson({ ...json, postageTotalMills: '07' }))).toMatch(/postageTotalMills/);
    expect(reportError(() => transactionReportFromJson({ ...json, day: '2026-02-30' }))).toMatch(/day must be/);
    expect(reportError(() => transactionReportFromJson({ ...json, signature: 'AAAA' }))).toMatch(/signature/);
    expect(reportError(() => transactionReportFromJson({ ...json, version: 2 }))).toMatch(/version must be 1/);
    const { resets: _resets, ...missing } = json;
    expect(reportError(() => transactionReportFromJson(missing))).toMatch(/lacks resets/);
  });
});
