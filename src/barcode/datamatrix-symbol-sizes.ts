/**
 * The ECC 200 symbol sizes of ISO/IEC 16022 (table 7): how many modules a symbol has, how its data
 * regions are laid out, and how many data and error-correction codewords it carries.
 */

/** One ECC 200 symbol size. All counts are modules or codewords. */
export interface SymbolSize {
  /** Modules from top to bottom, finder and timing patterns included (quiet zone excluded). */
  readonly rows: number;
  /** Modules from left to right. */
  readonly cols: number;
  /** Data regions stacked vertically and side by side. */
  readonly regionRowCount: number;
  readonly regionColCount: number;
  /** Modules inside one data region (without its finder and timing patterns). */
  readonly regionRows: number;
  readonly regionCols: number;
  /** Data codewords, all blocks together. */
  readonly dataCodewords: number;
  /** Error-correction codewords, all blocks together. */
  readonly eccCodewords: number;
  /** Interleaved Reed-Solomon blocks. */
  readonly blocks: number;
}

// rows, cols, regions down, regions across, data codewords, ecc codewords, blocks.
const TABLE: ReadonlyArray<readonly [number, number, number, number, number, number, number]> = [
  [10, 10, 1, 1, 3, 5, 1],
  [12, 12, 1, 1, 5, 7, 1],
  [14, 14, 1, 1, 8, 10, 1],
  [16, 16, 1, 1, 12, 12, 1],
  [18, 18, 1, 1, 18, 14, 1],
  [20, 20, 1, 1, 22, 18, 1],
  [22, 22, 1, 1, 30, 20, 1],
  [24, 24, 1, 1, 36, 24, 1],
  [26, 26, 1, 1, 44, 28, 1],
  [32, 32, 2, 2, 62, 36, 1],
  [36, 36, 2, 2, 86, 42, 1],
  [40, 40, 2, 2, 114, 48, 1],
  [44, 44, 2, 2, 144, 56, 1],
  [48, 48, 2, 2, 174, 68, 1],
  [52, 52, 2, 2, 204, 84, 2],
  [64, 64, 4, 4, 280, 112, 2],
  [72, 72, 4, 4, 368, 144, 4],
  [80, 80, 4, 4, 456, 192, 4],
  [88, 88, 4, 4, 576, 224, 4],
  [96, 96, 4, 4, 696, 272, 4],
  [104, 104, 4, 4, 816, 336, 6],
  [120, 120, 6, 6, 1050, 408, 6],
  [132, 132, 6, 6, 1304, 496, 8],
  [144, 144, 6, 6, 1558, 620, 10],
  [8, 18, 1, 1, 5, 7, 1],
  [8, 32, 1, 2, 10, 11, 1],
  [12, 26, 1, 1, 16, 14, 1],
  [12, 36, 1, 2, 22, 18, 1],
  [16, 36, 1, 2, 32, 24, 1],
  [16, 48, 1, 2, 49, 28, 1],
];

/** Every ECC 200 size, squares first in increasing size, then the six rectangles. */
export const SYMBOL_SIZES: readonly SymbolSize[] = TABLE.map(([rows, cols, down, across, data, ecc, blocks]) => ({
  rows,
  cols,
  regionRowCount: down,
  regionColCount: across,
  // Each region is framed by one module of finder and one of timing on each axis.
  regionRows: rows / down - 2,
  regionCols: cols / across - 2,
  dataCodewords: data,
  eccCodewords: ecc,
  blocks,
}));

/** The size with exactly these module counts, or undefined when ECC 200 has none. */
export function symbolSizeFor(rows: number, cols: number): SymbolSize | undefined {
  return SYMBOL_SIZES.find((s) => s.rows === rows && s.cols === cols);
}

/** The smallest square size whose data capacity holds `codewordCount` codewords, or undefined. */
export function smallestSquareFor(codewordCount: number): SymbolSize | undefined {
  return SYMBOL_SIZES.find((s) => s.rows === s.cols && s.dataCodewords >= codewordCount);
}
