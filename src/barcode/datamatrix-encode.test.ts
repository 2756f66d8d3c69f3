import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import bwipjs from 'bwip-js';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import { isAppError } from '../errors/app-error.js';
import { dataMatrixModules, encodeDataMatrixCodewords, LATCH_BASE256, PAD } from './datamatrix-encode.js';
import { correctedDataCodewords, decodeDataMatrixModules } from './datamatrix-decode.js';
import { unrandomize255 } from './datamatrix-decode-codewords.js';
import { SYMBOL_SIZES, symbolSizeFor } from './datamatrix-symbol-sizes.js';

const vectors = loadIndiciumVectors();
const indicia = [...vectors.cases.map((c) => c.indiciumHex), ...vectors.rejections.map((r) => r.indiciumHex)];

describe('Data Matrix encoding of indicia (spec §6)', () => {
  it.each(vectors.cases.map((c) => [c.name, c.indiciumHex]))('%s: a 44×44 ECC 200 symbol whose data is one Base 256 segment', (_name, hex) => {
    const bytes = Buffer.from(hex, 'hex');
    expect(bytes.length).toBe(117);
    const modules = dataMatrixModules(bytes);
    expect(modules.length).toBe(44);
    expect(modules.every((row) => row.length === 44)).toBe(true);
    // Read the codewords back out of the modules, as a scanner would, and look at the mode.
    const data = correctedDataCodewords(symbolSizeFor(44, 44)!, modules)!.data;
    expect(data[0]).toBe(LATCH_BASE256);
    expect(unrandomize255(data[1]!, 2)).toBe(117);
    const carried = data.subarray(2, 119).map((v, i) => unrandomize255(v, i + 3));
    expect(Buffer.from(carried).equals(bytes)).toBe(true);
    // Padding follows at once: the first pad codeword is 129 itself.
    expect(data[119]).toBe(PAD);
  });

  it('decodes back to the same bytes for every indicium of the vectors, rejections included', () => {
    for (const hex of indicia) expect(decodeDataMatrixModules(dataMatrixModules(Buffer.from(hex, 'hex'))).bytes.toString('hex')).toBe(hex);
  });

  it('picks the smallest square symbol and round-trips any bytes, two-codeword lengths included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (bytes) => {
        const { size } = encodeDataMatrixCodewords(bytes);
        const needed = 1 + (bytes.length < 250 ? 1 : 2) + bytes.length;
        expect(size.dataCodewords).toBeGreaterThanOrEqual(needed);
        const smaller = SYMBOL_SIZES.filter((s) => s.rows === s.cols && s.rows < size.rows);
        expect(smaller.every((s) => s.dataCodewords < needed)).toBe(true);
        expect([...decodeDataMatrixModules(dataMatrixModules(bytes)).bytes]).toEqual([...bytes]);
      }),
      { numRuns: 60 },
    );
  });

  it('holds 1555 bytes, the most one Base 256 field can announce, in a 144×144 symbol', () => {
    const bytes = Uint8Array.from({ length: 1555 }, (_, i) => (i * 7) & 0xff);
    const modules = dataMatrixModules(bytes);
    expect(modules.length).toBe(144);
    expect(decodeDataMatrixModules(modules).bytes.equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses no bytes and more than 1555 bytes', () => {
    for (const length of [0, 1556]) {
      let caught: unknown;
      try {
        dataMatrixModules(new Uint8Array(length));
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('differs from bwip-js, which puts the first byte in ASCII mode before latching to Base 256', () => {
    // Why the project encodes itself: spec §6 wants all 117 bytes in Base 256 mode.
    const bytes = Buffer.from(indicia[0]!, 'hex');
    const [raw] = bwipjs.raw({ bcid: 'datamatrix', text: bytes.toString('latin1'), binarytext: true, format: 'square' } as never) as unknown as [
      { pixs: number[]; pixx: number; pixy: number },
    ];
    const theirs = Array.from({ length: raw.pixy }, (_, r) => Array.from({ length: raw.pixx }, (_, c) => raw.pixs[r * raw.pixx + c] === 1));
    expect(decodeDataMatrixModules(theirs).bytes.equals(bytes)).toBe(true);
    const data = correctedDataCodewords(symbolSizeFor(raw.pixy, raw.pixx)!, theirs)!.data;
    expect(data[0]).not.toBe(LATCH_BASE256);
  });
});
