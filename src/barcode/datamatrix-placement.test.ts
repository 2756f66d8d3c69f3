import { describe, it, expect } from 'vitest';
import { FIXED_DARK, FIXED_LIGHT, placeCodewords, placementMap, readCodewords } from './datamatrix-placement.js';
import { SYMBOL_SIZES } from './datamatrix-symbol-sizes.js';

describe('ECC 200 module placement', () => {
  for (const size of SYMBOL_SIZES) {
    it(`${size.rows}×${size.cols}: every bit of every codeword has exactly one module`, () => {
      const rows = size.regionRows * size.regionRowCount;
      const cols = size.regionCols * size.regionColCount;
      const map = placementMap(rows, cols);
      const total = size.dataCodewords + size.eccCodewords;
      const seen = new Uint8Array(total * 8);
      let fixed = 0;
      for (const v of map) {
        if (v === FIXED_DARK || v === FIXED_LIGHT) fixed++;
        else seen[v]!++;
      }
      expect([...seen].every((n) => n === 1)).toBe(true);
      // Only sizes whose mapping area is not a multiple of 8 keep the 2×2 fixed corner.
      expect(fixed).toBe(rows * cols - total * 8);
    });

    it(`${size.rows}×${size.cols}: codewords survive placement and reading back`, () => {
      const total = size.dataCodewords + size.eccCodewords;
      const codewords = Uint8Array.from({ length: total }, (_, i) => (i * 97 + 13) & 0xff);
      const modules = placeCodewords(size, codewords);
      expect(modules.length).toBe(size.rows);
      expect(modules.every((row) => row.length === size.cols)).toBe(true);
      expect([...readCodewords(size, modules)]).toEqual([...codewords]);
    });
  }

  it('frames the symbol with a solid left and bottom edge and alternating top and right edges', () => {
    const size = SYMBOL_SIZES.find((s) => s.rows === 44)!;
    const m = placeCodewords(size, new Uint8Array(200));
    expect(m.every((row) => row[0])).toBe(true);
    expect(m[43]!.every(Boolean)).toBe(true);
    expect(m[0]!.map((d, c) => d === (c % 2 === 0)).every(Boolean)).toBe(true);
    expect(m.map((row, r) => row[43] === (r % 2 === 1)).every(Boolean)).toBe(true);
    // The 2×2 data regions of 20×20 meet at a solid row 21 and a timing row 22.
    expect(m[21]!.every(Boolean)).toBe(true);
    expect(m.map((row) => row[22]).every(Boolean)).toBe(true);
  });
});
