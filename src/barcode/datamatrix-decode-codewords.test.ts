import { describe, it, expect } from 'vitest';
import bwipjs from 'bwip-js';
import { isAppError } from '../errors/app-error.js';
import { decodeDataCodewords } from './datamatrix-decode-codewords.js';
import { correctedDataCodewords, decodeDataMatrixModules } from './datamatrix-decode.js';
import { symbolSizeFor } from './datamatrix-symbol-sizes.js';

/** A symbol made by bwip-js, an independent encoder that picks its modes by itself. */
function bwipSymbol(text: string): boolean[][] {
  const [raw] = bwipjs.raw({ bcid: 'datamatrix', text, binarytext: true } as never) as unknown as [{ pixs: number[]; pixx: number; pixy: number }];
  return Array.from({ length: raw.pixy }, (_, r) => Array.from({ length: raw.pixx }, (_, c) => raw.pixs[r * raw.pixx + c] === 1));
}

describe('decoding data codewords', () => {
  it('reads the ISO/IEC 16022 example "123456" as three ASCII digit pairs', () => {
    expect(decodeDataCodewords(Uint8Array.from([142, 164, 186])).toString('latin1')).toBe('123456');
  });

  it('reads C40 triples: AIMAIMAIM', () => {
    // A, I, M are C40 values 14, 22, 26: 1600·14 + 40·22 + 26 + 1 = 23307 = 91·256 + 11.
    expect(decodeDataCodewords(Uint8Array.from([230, 91, 11, 91, 11, 91, 11, 254])).toString('latin1')).toBe('AIMAIMAIM');
  });

  it('applies the ASCII upper shift and stops at the pad codeword', () => {
    expect([...decodeDataCodewords(Uint8Array.from([235, 66, 66, 129, 66]))]).toEqual([0xc1, 0x41]);
  });

  it('refuses a Base 256 field longer than the symbol', () => {
    let caught: unknown;
    try {
      decodeDataCodewords(Uint8Array.from([231, 200, 1, 2]));
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'BARCODE_UNREADABLE')).toBe(true);
  });

  const cases: Array<[string, string, number]> = [
    ['C40', 'HELLO WORLD ABCDEFGHIJKLMNOP', 230],
    ['Text', 'hello world abcdefghijklmnop', 239],
    ['X12', 'ABC*>\rDEF*>\rGHI*>\rJKL', 238],
    ['EDIFACT', '@@@@ABCD:;<=>?@ABCDEFGHIJ', 240],
    ['Base 256', 'Ünïcödé bytes ÿ', 231],
    ['ASCII digit pairs', '0123456789012345', 131],
  ];
  it.each(cases)('reads %s as bwip-js encodes it', (_mode, text, firstCodeword) => {
    const modules = bwipSymbol(text);
    const data = correctedDataCodewords(symbolSizeFor(modules.length, modules[0]!.length)!, modules)!.data;
    // The first codeword proves the mode under test is the one bwip-js chose.
    expect(data[0]).toBe(firstCodeword);
    expect(decodeDataMatrixModules(modules).bytes.toString('latin1')).toBe(text);
  });
});
