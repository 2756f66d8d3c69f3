/**
 * Sampling a located symbol: the grey around each module centre, averaged over five points so
 * that one stray pixel does not flip a module, compared with the symbol's own dark/light level.
 */
import { grayAt, type GrayImage } from './datamatrix-decode-image.js';
import type { SymbolGrid } from './datamatrix-decode-locate.js';
import { symbolGrid } from './datamatrix-placement.js';

/** The module matrix (true = dark) read from the image at the grid's module centres. */
export function sampleModules(img: GrayImage, grid: SymbolGrid): boolean[][] {
  // Corner points a fifth of a module from the centre stay inside the module even if the grid is off by a little.
  const d = 0.2 * grid.moduleSizePx;
  const rows: boolean[][] = [];
  for (let r = 0; r < grid.size.rows; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < grid.size.cols; c++) {
      const { x, y } = grid.centerOf(r, c);
      const sum = grayAt(img, x, y) + grayAt(img, x - d, y - d) + grayAt(img, x + d, y - d) + grayAt(img, x - d, y + d) + grayAt(img, x + d, y + d);
      row.push(sum / 5 < grid.level);
    }
    rows.push(row);
  }
  return rows;
}

/** Fraction of the finder, timing and alignment modules that read as the standard fixes them. */
export function patternAgreement(grid: SymbolGrid, modules: readonly (readonly boolean[])[]): number {
  let total = 0;
  let agree = 0;
  symbolGrid(grid.size, (kind, _mr, _mc, r, c) => {
    if (kind === 'data') return false;
    total++;
    if ((kind === 'dark') === modules[r]?.[c]) agree++;
    return false;
  });
  return agree / total;
}
