import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import {
  RESET_AUTHORIZATION_PREFIX,
  resetAmountMills,
  resetAuthorizationBytes,
  resetAuthorizationFromJson,
  resetAuthorizationToJson,
  signResetAuthorization,
  verifyResetAuthorization,
  type ResetAuthorization,
  type ResetAuthorizationFields,
} from './reset-authorization.js';

const authority = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = authority.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = authority.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const fields: ResetAuthorizationFields = {
  licenseNumber: 40001234,
  psdId: 3,
  oldControlTotalMills: 125_000n,
  newControlTotalMills: 10_125_000n,
  transactionId: 'b7f3c0de-0b1e-4f7a-9f00-3c1d2e4f5a6b',
};

describe('resetAuthorizationBytes', () => {
  it('lays out prefix, license, PSD id, old CT, new CT and the length-prefixed transaction id', () => {
    const bytes = resetAuthorizationBytes(fields);
    const p = RESET_AUTHORIZATION_PREFIX.length;
    expect(bytes.subarray(0, p).equals(RESET_AUTHORIZATION_PREFIX)).toBe(true);
    expect(bytes.readUInt32BE(p)).toBe(fields.licenseNumber);
    expect(bytes.readUInt32BE(p + 4)).toBe(fields.psdId);
    expect(bytes.readBigUInt64BE(p + 8)).toBe(fields.oldControlTotalMills);
    expect(bytes.readBigUInt64BE(p + 16)).toBe(fields.newControlTotalMills);
    expect(bytes.readUInt8(p + 24)).toBe(fields.transactionId.length);
    expect(bytes.subarray(p + 25).toString('ascii')).toBe(fields.transactionId);
    expect(bytes.length).toBe(p + 25 + fields.transactionId.length);
  });

  it('does not start like an indicium (version byte 0x01), so the two can never be confused', () => {
    expect(resetAuthorizationBytes(fields)[0]).not.toBe(0x01);
  });

  it.each([
    ['license number 0', { licenseNumber: 0 }],
    ['license number past 32 bits', { licenseNumber: 2 ** 32 }],
    ['fractional PSD id', { psdId: 1.5 }],
    ['negative old control total', { oldControlTotalMills: -1n }],
    ['new control total equal to the old one', { newControlTotalMills: fields.oldControlTotalMills }],
    ['new control total below the old one', { newControlTotalMills: 1n }],
    ['new control total past 64 bits', { newControlTotalMills: 1n << 64n }],
    ['empty transaction id', { transactionId: '' }],
    ['transaction id with a space', { transactionId: 'a b' }],
    ['transaction id of 129 characters', { transactionId: 'x'.repeat(129) }],
    ['non-ASCII transaction id', { transactionId: 'tx-é' }],
  ])('refuses %s with INVALID_ARGUMENT', (_name, change) => {
    expect(() => resetAuthorizationBytes({ ...fields, ...change })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('sign and verify', () => {
  const signed = signResetAuthorization(fields, privatePem);

  it('signs with a 64-byte r||s signature that verifies with the authority public key', () => {
    expect(signed.signature.length).toBe(64);
    expect(verifyResetAuthorization(signed, publicPem)).toBe(true);
    expect(verifyResetAuthorization(signed, authority.publicKey)).toBe(true);
    expect(resetAmountMills(signed)).toBe(10_000_000n);
  });

  it.each<[string, Partial<ResetAuthorization>]>([
    ['license number', { licenseNumber: fields.licenseNumber + 1 }],
    ['PSD id', { psdId: fields.psdId + 1 }],
    ['old control total', { oldControlTotalMills: fields.oldControlTotalMills + 1n }],
    ['new control total', { newControlTotalMills: fields.newControlTotalMills + 1n }],
    ['transaction id', { transactionId: `${fields.transactionId}x` }],
  ])('fails when the %s is changed', (_name, change) => {
    expect(verifyResetAuthorization({ ...signed, ...change }, publicPem)).toBe(false);
  });

  it('fails when any single bit of the signature is flipped', () => {
    for (let bit = 0; bit < 64 * 8; bit += 7) {
      const sig = Buffer.from(signed.signature);
      sig[bit >> 3] = (sig[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(verifyResetAuthorization({ ...signed, signature: sig }, publicPem), `bit ${bit}`).toBe(false);
    }
  });

  it('fails for a truncated signature and for another authority key', () => {
    expect(verifyResetAuthorization({ ...signed, signature: signed.signature.subarray(0, 63) }, publicPem)).toBe(false);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(verifyResetAuthorization(signed, other)).toBe(false);
  });

  it('refuses an authority key that is not P-256', () => {
    const ed = generateKeyPairSync('ed25519');
    expect(() => signResetAuthorization(fields, ed.privateKey)).toThrow(expect.objectContaining({ code: 'AUTHORITY_KEY_INVALID' }));
    expect(() => verifyResetAuthorization(signed, ed.publicKey)).toThrow(expect.objectContaining({ code: 'AUTHORITY_KEY_INVALID' }));
  });

  it('a random valid authorization verifies, and changing any one field breaks it (property)', () => {
    const arbFields = fc.record({
      licenseNumber: fc.integer({ min: 1, max: 0xffff_ffff }),
      psdId: fc.integer({ min: 1, max: 0xffff_ffff }),
      oldControlTotalMills: fc.bigInt({ min: 0n, max: (1n << 63n) }),
      amount: fc.bigInt({ min: 1n, max: (1n << 62n) }),
      transactionId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
      which: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(arbFields, ({ amount, which, ...f }) => {
        const auth = signResetAuthorization({ ...f, newControlTotalMills: f.oldControlTotalMills + amount }, authority.privateKey);
        expect(verifyResetAuthorization(auth, authority.publicKey)).toBe(true);
        const tampered: ResetAuthorization[] = [
          { ...auth, licenseNumber: auth.licenseNumber === 1 ? 2 : auth.licenseNumber - 1 },
          { ...auth, psdId: auth.psdId === 1 ? 2 : auth.psdId - 1 },
          { ...auth, oldControlTotalMills: auth.oldControlTotalMills + 1n },
          { ...auth, newControlTotalMills: auth.newControlTotalMills + 1n },
          { ...auth, transactionId: auth.transactionId.length < 128 ? `${auth.transactionId}0` : `0${auth.transactionId.slice(1)}` },
        ];
        const t = tampered[which] as ResetAuthorization;
        // Prepending '0' to an id that already starts with '0' changes nothing: skip that one case.
        if (t.transactionId === auth.transactionId && which === 4) return;
        expect(verifyResetAuthorization(t, authority.publicKey)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});

describe('JSON form', () => {
  const signed = signResetAuthorization({ ...fields, newControlTotalMills: (1n << 60n) + 7n }, privatePem);

  it('carries money as decimal strings of mills and the signature as base64, and round-trips exactly', () => {
    const json = resetAuthorizationToJson(signed);
    expect(json.newControlTotalMills).toBe(((1n << 60n) + 7n).toString());
    expect(json.oldControlTotalMills).toBe('125000');
    expect(Buffer.from(json.signature, 'base64').equals(signed.signature)).toBe(true);
    const back = resetAuthorizationFromJson(JSON.parse(JSON.stringify(json)));
    expect(back).toEqual(signed);
    expect(verifyResetAuthorization(back, publicPem)).toBe(true);
  });

  it.each<[string, (j: Record<string, unknown>) => unknown]>([
    ['not an object', () => 'text'],
    ['an array', () => []],
    ['license number as a string', (j) => ({ ...j, licenseNumber: '40001234' })],
    ['PSD id missing', (j) => ({ ...j, psdId: undefined })],
    ['control total as a number', (j) => ({ ...j, oldControlTotalMills: 125000 })],
    ['control total negative', (j) => ({ ...j, oldControlTotalMills: '-1' })],
    ['control total with decimals', (j) => ({ ...j, newControlTotalMills: '1.5' })],
    ['new control total not above the old one', (j) => ({ ...j, newControlTotalMills: '125000' })],
    ['transaction id not a string', (j) => ({ ...j, transactionId: 7 })],
    ['signature not base64', (j) => ({ ...j, signature: '!!' + String(j.signature).slice(2) })],
    ['signature of 63 bytes', (j) => ({ ...j, signature: Buffer.alloc(63).toString('base64') })],
  ])('refuses %s with RESET_AUTHORIZATION_INVALID', (_name, change) => {
    const json = change({ ...resetAuthorizationToJson(signed) });
    let caught: unknown;
    try {
      resetAuthorizationFromJson(json);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'RESET_AUTHORIZATION_INVALID')).toBe(true);
  });
});
