import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error.js';
import type { SignatureAlgorithm } from '../signature-algorithm.js';
import { assembleIndicium, decodeIndicium, encodeSignedPart, parseIndiciumHex } from './codec.js';
import { FIELD_LAYOUT, INDICIUM_LENGTH, type FieldLayout, type IndiciumFields } from './fields.js';
import { codeOf } from '../../testing/error-code.js';

const maxNumber = (f: FieldLayout) => Number(f.max);

/** Any fields the codec must accept: every field over the full range of its bytes. */
const anyFields: fc.Arbitrary<IndiciumFields> = fc.record(
  Object.fromEntries(
    FIELD_LAYOUT.map((f) => {
      if (f.name === 'version') return [f.name, fc.constant(1)];
      if (f.name === 'algorithm') return [f.name, fc.constantFrom<SignatureAlgorithm>(1, 2)];
      const arb = f.type === 'bigint' ? fc.bigInt({ min: 0n, max: f.max }) : fc.integer({ min: 0, max: maxNumber(f) });
      return [f.name, arb];
    }),
  ) as { [K in keyof IndiciumFields]: fc.Arbitrary<IndiciumFields[K]> },
);

const rangedFields = FIELD_LAYOUT.filter((f) => f.name !== 'version' && f.name !== 'algorithm');

describe('indicium codec properties', () => {
  it('decode(encode(x)) = x over the full range of every field', () => {
    fc.assert(
      fc.property(anyFields, fc.uint8Array({ minLength: 64, maxLength: 64 }), (fields, signature) => {
        const indicium = assembleIndicium(fields, signature);
        expect(indicium.length).toBe(INDICIUM_LENGTH);
        const decoded = decodeIndicium(indicium);
        expect(decoded.fields).toEqual(fields);
        expect(decoded.signedPart).toEqual(encodeSignedPart(fields));
        expect(decoded.signature).toEqual(Buffer.from(signature));
      }),
      { numRuns: 500 },
    );
  });

  it('encode(decode(b)) = b for every 117 bytes with version 1 and a known algorithm', () => {
    const bytes = fc.tuple(fc.constantFrom(1, 2), fc.uint8Array({ minLength: INDICIUM_LENGTH - 2, maxLength: INDICIUM_LENGTH - 2 }));
    fc.assert(
      fc.property(bytes, ([algorithm, rest]) => {
        const input = Buffer.concat([Buffer.of(1, algorithm), rest]);
        const { fields, signature } = decodeIndicium(input);
        expect(assembleIndicium(fields, signature)).toEqual(input);
      }),
    );
  });

  it('hex round-trips, with or without spaces between bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.boolean(), (bytes, spaced) => {
        const hex = Buffer.from(bytes).toString('hex');
        const text = spaced ? hex.replace(/(..)(?!$)/g, '$1 ') : hex;
        expect(parseIndiciumHex(text)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('refuses any field above its limit or below 0 with INDICIUM_FIELD_RANGE naming it', () => {
    const outOfRange = fc.constantFrom(...rangedFields).chain((f) => {
      const above = f.type === 'bigint' ? fc.bigInt({ min: f.max + 1n, max: f.max * 4n + 4n }) : fc.integer({ min: maxNumber(f) + 1, max: maxNumber(f) * 4 + 4 });
      const below = f.type === 'bigint' ? fc.bigInt({ min: -(2n ** 64n), max: -1n }) : fc.integer({ min: -(2 ** 40), max: -1 });
      return fc.tuple(fc.constant(f), fc.oneof(above, below) as fc.Arbitrary<number | bigint>);
    });
    fc.assert(
      fc.property(anyFields, outOfRange, (fields, [f, value]) => {
        try {
          encodeSignedPart({ ...fields, [f.name]: value });
          expect.unreachable(`${f.name} = ${value} was accepted`);
        } catch (err) {
          expect(isAppError(err, 'INDICIUM_FIELD_RANGE')).toBe(true);
          expect((err as { details: Record<string, unknown> }).details).toMatchObject({ field: f.name, max: f.max.toString() });
        }
      }),
    );
  });

  it('refuses every length but 117 with INDICIUM_LENGTH', () => {
    const wrongLength = fc.integer({ min: 0, max: 300 }).filter((n) => n !== INDICIUM_LENGTH);
    fc.assert(
      fc.property(wrongLength, (n) => {
        expect(codeOf(() => decodeIndicium(Buffer.alloc(n, 1)))).toBe('INDICIUM_LENGTH');
      }),
    );
  });

  it('refuses every version byte but 1 with INDICIUM_VERSION, and algorithms but 1 and 2 with INDICIUM_ALGORITHM', () => {
    const rest = fc.uint8Array({ minLength: INDICIUM_LENGTH - 2, maxLength: INDICIUM_LENGTH - 2 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), rest, (b, tail) => {
        const withVersion = Buffer.concat([Buffer.of(b, 1), tail]);
        const withAlgorithm = Buffer.concat([Buffer.of(1, b), tail]);
        expect(codeOf(() => decodeIndicium(withVersion))).toBe(b === 1 ? undefined : 'INDICIUM_VERSION');
        expect(codeOf(() => decodeIndicium(withAlgorithm))).toBe(b === 1 || b === 2 ? undefined : 'INDICIUM_ALGORITHM');
      }),
    );
  });

  it('refuses text that is not whole bytes of hex with INDICIUM_HEX_INVALID', () => {
    const notHex = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /[^0-9a-fA-F\s]/.test(s));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 20 }), notHex, (bytes, junk) => {
        const hex = Buffer.from(bytes).toString('hex');
        expect(codeOf(() => parseIndiciumHex(hex + junk))).toBe('INDICIUM_HEX_INVALID');
        expect(codeOf(() => parseIndiciumHex(hex.slice(1)))).toBe('INDICIUM_HEX_INVALID');
      }),
    );
  });
});
