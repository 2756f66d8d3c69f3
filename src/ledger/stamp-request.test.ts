import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleIndicium, encodeSignedPart } from '../core/indicium/codec.js';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { PsdRecord } from './psd-store.js';
import { indiciumFieldsFor, indiciumMatchesRequest, validateStampRequest, type StampRequest } from './stamp-request.js';

const request: StampRequest = {
  requestId: '7f3c2a9e-1b4d-4c1e-9a55-0d7e3b2f9c11',
  postageMills: 740n,
  dateOfMailing: 9824,
  originZip: 941070001,
  destinationZip: 0,
  rateCategory: 1,
  medium: 0n,
  softwareId: 1,
};

describe('stamp requests', () => {
  it('accepts a valid request and refuses each kind of bad field with its code', () => {
    expect(() => validateStampRequest(request)).not.toThrow();
    const cases: [Partial<StampRequest>, string][] = [
      [{ requestId: '' }, 'INVALID_ARGUMENT'],
      [{ requestId: 'x'.repeat(129) }, 'INVALID_ARGUMENT'],
      [{ postageMills: 0n }, 'MONEY_OUT_OF_RANGE'],
      [{ postageMills: 16_777_216n }, 'MONEY_OUT_OF_RANGE'],
      [{ rateCategory: 9 }, 'RATE_CATEGORY_UNKNOWN'],
      [{ dateOfMailing: 65_536 }, 'INDICIUM_FIELD_RANGE'],
      [{ originZip: 2 ** 32 }, 'INDICIUM_FIELD_RANGE'],
      [{ softwareId: -1 }, 'INDICIUM_FIELD_RANGE'],
      [{ medium: 1n << 64n }, 'INDICIUM_FIELD_RANGE'],
    ];
    for (const [change, code] of cases) {
      expect(() => validateStampRequest({ ...request, ...change }), JSON.stringify(Object.keys(change))).toThrowError(
        expect.objectContaining({ code }),
      );
    }
  });

  it('matches a stored indicium only to the same stamp details', () => {
    const psd = { algorithm: SignatureAlgorithm.Ed25519, licenseNumber: 5, certificateSerial: 6, psdId: 7 } as PsdRecord;
    const fields = indiciumFieldsFor(request, psd, { ascending: 740n, descending: 260n, control: 1_000n, pieceCount: 1 });
    const indicium = assembleIndicium(fields, Buffer.alloc(64, 1));
    expect(indiciumMatchesRequest(indicium, request)).toBe(true);
    expect(indiciumMatchesRequest(indicium, { ...request, destinationZip: 100010000 })).toBe(false);
    expect(indiciumMatchesRequest(indicium, { ...request, postageMills: 741n })).toBe(false);
  });

  it('refuses a field its bytes cannot hold exactly when the codec would, and with the codec\'s error', () => {
    const placeholder = { algorithm: SignatureAlgorithm.EcdsaP256, licenseNumber: 0, certificateSerial: 0, psdId: 0 } as PsdRecord;
    const around = (bits: number) => fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: 2 ** bits - 2, max: 2 ** bits + 1 }), fc.integer({ min: 0, max: 2 ** bits - 1 }));
    fc.assert(
      fc.property(
        fc.record({
          dateOfMailing: around(16),
          originZip: around(32),
          destinationZip: around(32),
          softwareId: fc.oneof(around(16), fc.constant(0.5)),
          medium: fc.oneof(fc.bigInt({ min: -1n, max: 3n }), fc.bigInt({ min: (1n << 64n) - 2n, max: (1n << 64n) + 1n })),
        }),
        (change) => {
          const candidate = { ...request, ...change };
          let codecError: unknown;
          try {
            encodeSignedPart(indiciumFieldsFor(candidate, placeholder, { ascending: 0n, descending: 0n, control: 0n, pieceCount: 0 }));
          } catch (err) {
            codecError = err;
          }
          let ours: unknown;
          try {
            validateStampRequest(candidate);
          } catch (err) {
            ours = err;
          }
          expect(ours).toEqual(codecError);
        },
      ),
    );
  });
});
