import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error.js';
import { loadIndiciumVectors, type VectorCase } from '../../testing/shared-spec.js';
import { SignatureAlgorithm } from '../signature-algorithm.js';
import { assembleIndicium, decodeIndicium, encodeSignedPart, parseIndiciumHex } from './codec.js';
import { FIELD_LAYOUT, INDICIUM_LENGTH, SIGNED_PART_LENGTH, type IndiciumFields } from './fields.js';

const vectors = loadIndiciumVectors();

/** The vector's fields typed as the codec takes them: bigint where IndiciumFields has bigint. */
function fieldsOf(c: VectorCase): IndiciumFields {
  const entries = FIELD_LAYOUT.map((f) => {
    const raw = c.fields[f.name];
    if (raw === undefined) throw new Error(`vector ${c.name} lacks ${f.name}`);
    return [f.name, f.type === 'bigint' ? BigInt(String(raw)) : Number(raw)] as const;
  });
  return Object.fromEntries(entries) as unknown as IndiciumFields;
}

function errorOf(fn: () => unknown): { code: string; details?: Readonly<Record<string, unknown>> } | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? { code: err.code, details: err.details } : { code: 'not an AppError' };
  }
  return undefined;
}

describe('indicium v1 layout', () => {
  it('covers bytes 0-52 without gap or overlap', () => {
    let next = 0;
    for (const f of FIELD_LAYOUT) {
      expect(f.offset, f.name).toBe(next);
      next += f.length;
    }
    expect(next).toBe(SIGNED_PART_LENGTH);
    expect(SIGNED_PART_LENGTH + 64).toBe(INDICIUM_LENGTH);
  });
});

describe('indicium codec against the shared vectors', () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))('encodes %s to its signedHex exactly', (_name, c) => {
    expect(encodeSignedPart(fieldsOf(c)).toString('hex')).toBe(c.signedHex);
  });

  it.each(vectors.cases.map((c) => [c.name, c] as const))('decodes %s back to its fields', (_name, c) => {
    const decoded = decodeIndicium(parseIndiciumHex(c.indiciumHex));
    expect(decoded.fields).toEqual(fieldsOf(c));
    expect(decoded.signedPart.toString('hex')).toBe(c.signedHex);
    expect(decoded.signature.toString('hex')).toBe(c.indiciumHex.slice(SIGNED_PART_LENGTH * 2));
  });

  it('assembles the Ed25519 case to the byte by signing with the vectors’ test key', () => {
    const c = vectors.cases.find((v) => Number(v.fields.algorithm) === SignatureAlgorithm.Ed25519);
    expect(c, 'the vectors hold an Ed25519 case').toBeDefined();
    const fields = fieldsOf(c!);
    const key = createPrivateKey(vectors.testKeys.ed25519PrivatePem);
    const signature = sign(null, encodeSignedPart(fields), key);
    expect(assembleIndicium(fields, signature).toString('hex')).toBe(c!.indiciumHex);
  });

  it('assembles ECDSA cases whose r||s signatures verify with the test key', () => {
    const ecdsaCases = vectors.cases.filter((v) => Number(v.fields.algorithm) === SignatureAlgorithm.EcdsaP256);
    expect(ecdsaCases.length).toBeGreaterThan(0);
    const privateKey = createPrivateKey(vectors.testKeys.p256PrivatePem);
    const publicKey = createPublicKey(vectors.testKeys.p256PublicPem);
    for (const c of ecdsaCases) {
      const fields = fieldsOf(c);
      const signature = sign('sha256', encodeSignedPart(fields), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const ours = assembleIndicium(fields, signature);
      expect(ours.length).toBe(INDICIUM_LENGTH);
      expect(ours.subarray(0, SIGNED_PART_LENGTH).toString('hex')).toBe(c.signedHex);
      // Both our fresh signature and the vector's own must verify over the same signed part.
      for (const indicium of [ours, parseIndiciumHex(c.indiciumHex)]) {
        const { signedPart, signature: sig } = decodeIndicium(indicium);
        expect(verify('sha256', signedPart, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
      }
    }
  });
});

describe('indicium codec refusals', () => {
  const base = fieldsOf(vectors.cases[0]!);
  const good = parseIndiciumHex(vectors.cases[0]!.indiciumHex);

  it('refuses a length other than 117 with INDICIUM_LENGTH', () => {
    expect(errorOf(() => decodeIndicium(good.subarray(0, 116)))?.details).toEqual({ length: 116 });
    expect(errorOf(() => decodeIndicium(Buffer.concat([good, Buffer.of(0)])))?.code).toBe('INDICIUM_LENGTH');
    expect(errorOf(() => decodeIndicium(Buffer.alloc(0)))?.code).toBe('INDICIUM_LENGTH');
    expect(errorOf(() => assembleIndicium(base, Buffer.alloc(63)))?.code).toBe('INDICIUM_LENGTH');
  });

  it('refuses an unknown version or algorithm when decoding and encoding', () => {
    const v2 = Buffer.from(good);
    v2[0] = 2;
    expect(errorOf(() => decodeIndicium(v2))?.code).toBe('INDICIUM_VERSION');
    const a3 = Buffer.from(good);
    a3[1] = 3;
    expect(errorOf(() => decodeIndicium(a3))?.code).toBe('INDICIUM_ALGORITHM');
    expect(errorOf(() => encodeSignedPart({ ...base, version: 0 }))?.code).toBe('INDICIUM_VERSION');
    expect(errorOf(() => encodeSignedPart({ ...base, algorithm: 0 as SignatureAlgorithm }))?.code).toBe('INDICIUM_ALGORITHM');
  });

  it('names the field and its limit when a value does not fit', () => {
    const err = errorOf(() => encodeSignedPart({ ...base, postage: 16_777_216n }));
    expect(err).toEqual({ code: 'INDICIUM_FIELD_RANGE', details: { field: 'postage', max: '16777215', value: '16777216n' } });
    expect(errorOf(() => encodeSignedPart({ ...base, dateOfMailing: 65_536 }))?.details).toMatchObject({ field: 'dateOfMailing', max: '65535' });
    expect(errorOf(() => encodeSignedPart({ ...base, pieceCount: -1 }))?.details).toMatchObject({ field: 'pieceCount' });
    expect(errorOf(() => encodeSignedPart({ ...base, originZip: 1.5 }))?.details).toMatchObject({ field: 'originZip' });
    // A number where a bigint belongs is refused rather than silently converted.
    const wrongType = { ...base, medium: 5 } as unknown as IndiciumFields;
    expect(errorOf(() => encodeSignedPart(wrongType))?.details).toMatchObject({ field: 'medium' });
  });

  it('parses hex with or without spaces between bytes, and refuses anything else', () => {
    const hex = vectors.cases[0]!.indiciumHex;
    const spaced = hex.toUpperCase().replace(/(..)/g, '$1 ');
    expect(parseIndiciumHex(spaced)).toEqual(good);
    expect(parseIndiciumHex(`\n${hex}\n`)).toEqual(good);
    for (const bad of ['', '   ', 'zz', hex.slice(1), `${hex.slice(0, 10)} ${hex.slice(11)}`, '0x0101', '01-01']) {
      expect(errorOf(() => parseIndiciumHex(bad))?.code, bad.slice(0, 12)).toBe('INDICIUM_HEX_INVALID');
    }
  });
});
