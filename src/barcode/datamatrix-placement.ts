/**
 * Module placement of ECC 200 (ISO/IEC 16022, annex F): where each bit of each codeword sits in the
 * mapping matrix, and how the mapping matrix is split into data regions framed by the L-shaped
 * finder (solid left and bottom edges) and the alternating timing edges (top and right).
 */
import type { SymbolSize } from './datamatrix-symbol-sizes.js';

/** Placement-map value of a light module of the fixed corner pattern (never a codeword bit). */
export const FIXED_LIGHT = -2;
/** Placement-map value of a dark module of the fixed corner pattern. */
export const FIXED_DARK = -3;
const UNSET = -1;

/**
 * For a mapping matrix of `rows`×`cols`, each cell holds codewordIndex*8 + bit (bit 0 = most
 * significant) or a FIXED_* marker. Row-major, `rows*cols` long.
 */
export type PlacementMap = Int32Array;

const cache = new Map<string, PlacementMap>();

/** The placement map of a mapping matrix (the symbol without finder and timing patterns). */
export function placementMap(rows: number, cols: number): PlacementMap {
  const key = `${rows}x${cols}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const map = buildPlacement(rows, cols);
  cache.set(key, map);
  return map;
}

function buildPlacement(rows: number, cols: number): PlacementMap {
  const map = new Int32Array(rows * cols).fill(UNSET);
  const put = (r: number, c: number, chr: number, bit: number): void => {
    // Modules that fall off one edge wrap to the opposite edge, shifted as the standard prescribes.
    if (r < 0) {
      r += rows;
      c += 4 - ((rows + 4) % 8);
    }
    if (c < 0) {
      c += cols;
      r += 4 - ((cols + 4) % 8);
    }
    map[r * cols + c] = chr * 8 + bit;
  };
  const place = (cells: ReadonlyArray<readonly [number, number]>, chr: number): void => {
    cells.forEach(([r, c], bit) => put(r, c, chr, bit));
  };
  const utah = (r: number, c: number, chr: number): void =>
    place([[r - 2, c - 2], [r - 2, c - 1], [r - 1, c - 2], [r - 1, c - 1], [r - 1, c], [r, c - 2], [r, c - 1], [r, c]], chr);
  const R = rows;
  const C = cols;
  const corners: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = [
    [[R - 1, 0], [R - 1, 1], [R - 1, 2], [0, C - 2], [0, C - 1], [1, C - 1], [2, C - 1], [3, C - 1]],
    [[R - 3, 0], [R - 2, 0], [R - 1, 0], [0, C - 4], [0, C - 3], [0, C - 2], [0, C - 1], [1, C - 1]],
    [[R - 3, 0], [R - 2, 0], [R - 1, 0], [0, C - 2], [0, C - 1], [1, C - 1], [2, C - 1], [3, C - 1]],
    [[R - 1, 0], [R - 1, C - 1], [0, C - 3], [0, C - 2], [0, C - 1], [1, C - 3], [1, C - 2], [1, C - 1]],
  ];
  let chr = 0;
  let r = 4;
  let c = 0;
  do {
    if (r === R && c === 0) place(corners[0]!, chr++);
    if (r === R - 2 && c === 0 && C % 4 !== 0) place(corners[1]!, chr++);
    if (r === R - 2 && c === 0 && C % 8 === 4) place(corners[2]!, chr++);
    if (r === R + 4 && c === 2 && C % 8 === 0) place(corners[3]!, chr++);
    // Sweep up and to the right, then down and to the left, placing one codeword per free spot.
    do {
      if (r < R && c >= 0 && map[r * C + c] === UNSET) utah(r, c, chr++);
      r -= 2;
      c += 2;
    } while (r >= 0 && c < C);
    r += 1;
    c += 3;
    do {
      if (r >= 0 && c < C && map[r * C + c] === UNSET) utah(r, c, chr++);
      r += 2;
      c -= 2;
    } while (r < R && c >= 0);
    r += 3;
    c += 1;
  } while (r < R || c < C);
  // Sizes whose area is not a multiple of 8 leave the bottom-right corner for a fixed pattern.
  if (map[R * C - 1] === UNSET) {
    map[R * C - 1] = FIXED_DARK;
    map[(R - 1) * C - 2] = FIXED_DARK;
    map[R * C - 2] = FIXED_LIGHT;
    map[(R - 1) * C - 1] = FIXED_LIGHT;
  }
  return map;
}

/** Lays codewords into a full symbol, finder and timing patterns included; true = dark. */
export function placeCodewords(size: SymbolSize, codewords: Uint8Array): boolean[][] {
  const mapRows = size.regionRows * size.regionRowCount;
  const mapCols = size.regionCols * size.regionColCount;
  const map = placementMap(mapRows, mapCols);
  const bitAt = (mr: number, mc: number): boolean => {
    const v = map[mr * mapCols + mc]!;
    if (v === FIXED_DARK) return true;
    if (v < 0) return false;
    return ((codewords[v >> 3]! >> (7 - (v & 7))) & 1) === 1;
  };
  return symbolGrid(size, (kind, mr, mc) => (kind === 'data' ? bitAt(mr, mc) : kind === 'dark'));
}

/** Reads the codewords back out of a full symbol (true = dark), undoing placeCodewords. */
export function readCodewords(size: SymbolSize, modules: readonly (readonly boolean[])[]): Uint8Array {
  const mapRows = size.regionRows * size.regionRowCount;
  const mapCols = size.regionCols * size.regionColCount;
  const map = placementMap(mapRows, mapCols);
  const out = new Uint8Array(size.dataCodewords + size.eccCodewords);
  symbolGrid(size, (kind, mr, mc, r, c) => {
    if (kind !== 'data') return false;
    const v = map[mr * mapCols + mc]!;
    if (v >= 0 && modules[r]?.[c]) out[v >> 3]! |= 0x80 >> (v & 7);
    return false;
  });
  return out;
}

/** What a symbol module is: part of a finder or timing pattern (dark or light), or a data module. */
type ModuleKind = 'dark' | 'light' | 'data';

/**
 * Visits every module of a symbol, telling whether it is a pattern module or which mapping-matrix
 * cell it carries, and collects the visitor's answers as the module grid.
 */
export function symbolGrid(
  size: SymbolSize,
  visit: (kind: ModuleKind, mapRow: number, mapCol: number, row: number, col: number) => boolean,
): boolean[][] {
  const regionH = size.regionRows + 2;
  const regionW = size.regionCols + 2;
  const grid: boolean[][] = [];
  for (let r = 0; r < size.rows; r++) {
    const line: boolean[] = [];
    const lr = r % regionH;
    for (let c = 0; c < size.cols; c++) {
      const lc = c % regionW;
      let kind: ModuleKind;
      if (lc === 0 || lr === regionH - 1) kind = 'dark';
      else if (lr === 0) kind = lc % 2 === 0 ? 'dark' : 'light';
      else if (lc === regionW - 1) kind = lr % 2 === 1 ? 'dark' : 'light';
      else kind = 'data';
      const mr = Math.floor(r / regionH) * size.regionRows + lr - 1;
      const mc = Math.floor(c / regionW) * size.regionCols + lc - 1;
      line.push(visit(kind, mr, mc, r, c));
    }
    grid.push(line);
  }
  return grid;
}
