import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addErrorCorrection, correctInterleaved, reedSolomonCorrect, reedSolomonEncode } from './datamatrix-reed-solomon.js';

describe('Reed-Solomon over GF(256) with 0x12D', () => {
  it('reproduces the error-correction codewords of the ISO/IEC 16022 worked example "123456" (10×10)', () => {
    // Annex O of the standard: data 142 164 186 give check codewords 114 25 5 88 102.
    expect([...reedSolomonEncode([142, 164, 186], 5)]).toEqual([114, 25, 5, 88, 102]);
  });

  it('corrects any pattern of up to n/2 wrong codewords', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 150 }),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (data, n, seed) => {
          const block = Uint8Array.from([...data, ...reedSolomonEncode(data, n)]);
          const damaged = block.slice();
          const t = Math.min(Math.floor(n / 2), block.length);
          const positions = new Set<number>();
          for (let k = 0; positions.size < t; k++) positions.add((seed + k * 7919) % block.length);
          positions.forEach((p, i) => (damaged[p]! ^= 1 + ((seed + i) % 255)));
          expect(reedSolomonCorrect(damaged, n)).toBe(t);
          expect([...damaged]).toEqual([...block]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never returns the original with a count when more than n/2 codewords are wrong', () => {
    const data = Uint8Array.from({ length: 144 }, (_, i) => (i * 37 + 11) & 0xff);
    const block = Uint8Array.from([...data, ...reedSolomonEncode(data, 56)]);
    const damaged = block.slice();
    for (let p = 0; p < 40; p++) damaged[p * 5]! ^= 0x5a;
    const fixed = reedSolomonCorrect(damaged, 56);
    // Either it admits defeat or it lands on another valid codeword; it cannot restore 40 errors.
    if (fixed >= 0) expect([...damaged]).not.toEqual([...block]);
    else expect(fixed).toBe(-1);
  });

  it('interleaves blocks codeword by codeword and corrects each block on its own', () => {
    const data = Uint8Array.from({ length: 1558 }, (_, i) => (i * 131) & 0xff);
    const all = addErrorCorrection(data, 620, 10);
    // Damage 30 consecutive codewords: interleaving spreads them as 3 per block.
    for (let i = 100; i < 130; i++) all[i]! ^= 0xff;
    const fixed = correctInterleaved(all, 1558, 10);
    expect(fixed?.corrected).toBe(30);
    expect(Buffer.from(fixed!.data).equals(Buffer.from(data))).toBe(true);
  });
});
