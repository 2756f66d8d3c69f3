/**
 * Finding upright Data Matrix symbols (and ones turned by 90°, 180° or 270°): a dark region whose
 * bounding box has two adjacent solid edges (the L-shaped finder) and two edges of alternating
 * modules (the timing pattern). The timing edges give the module counts; their transitions, fitted
 * to a straight line, give the module centres to sample. Perspective and skew are not handled.
 */
import { darkLightLevel, type GrayImage, type PixelBox } from './datamatrix-decode-image.js';
import { symbolSizeFor, type SymbolSize } from './datamatrix-symbol-sizes.js';
import { edgeProfile, fitModuleCenters, isHorizontal, type Side, type SideStats } from './datamatrix-decode-edges.js';

/** One way of reading a located symbol: its size and where each module centre lies in the image. */
export interface SymbolGrid {
  readonly box: PixelBox;
  readonly size: SymbolSize;
  /** Pixels per module, the mean of both axes. */
  readonly moduleSizePx: number;
  /** Grey level between the symbol's dark and light modules. */
  readonly level: number;
  /** Clockwise turn of the symbol in the image: 0, 90, 180 or 270. */
  readonly rotationDeg: number;
  /** True when the symbol is seen mirrored (printed on the back of a transparent label). */
  readonly mirrored: boolean;
  /** Image position (continuous pixel coordinates) of the centre of module (row, col), row 0 at the timing edge. */
  centerOf(row: number, col: number): { x: number; y: number };
}

/** Smallest symbol side, in pixels, worth examining: 8 modules of 2 pixels. */
export const MIN_SYMBOL_PX = 16;
const SOLID = 0.85;

interface Layout {
  readonly solidH: SideStats;
  readonly solidV: SideStats;
  readonly timingH: SideStats;
  readonly timingV: SideStats;
  /** Modules across (x) and down (y), twice the dark runs of each timing edge. */
  readonly nx: number;
  readonly ny: number;
}

const OPPOSITE: Readonly<Record<Side, Side>> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };

function classify(stats: readonly SideStats[]): Layout | undefined {
  const solid = stats.filter((s) => s.darkFraction >= SOLID);
  const solidH = solid.find((s) => isHorizontal(s.side));
  const solidV = solid.find((s) => !isHorizontal(s.side));
  if (solid.length !== 2 || !solidH || !solidV) return undefined;
  const timingH = stats.find((s) => s.side === OPPOSITE[solidH.side])!;
  const timingV = stats.find((s) => s.side === OPPOSITE[solidV.side])!;
  const alternating = (s: SideStats): boolean => s.darkFraction > 0.25 && s.darkFraction < 0.75 && s.runs >= 2;
  if (!alternating(timingH) || !alternating(timingV)) return undefined;
  return { solidH, solidV, timingH, timingV, nx: 2 * timingH.runs, ny: 2 * timingV.runs };
}

function measure(img: GrayImage, box: PixelBox, level: number, insetH: number, insetV: number): Layout | undefined {
  const sides: Side[] = ['top', 'bottom', 'left', 'right'];
  return classify(sides.map((side) => edgeProfile(img, box, side, isHorizontal(side) ? insetH : insetV, level)));
}

/** Pixel row or column whose centre lies half a module inside the edge. */
function halfModuleInset(modulePx: number): number {
  return Math.max(0, Math.round(modulePx / 2 - 0.5));
}

/** Every reading of the region in `box` as a symbol: the rotation first, then the mirror image. */
export function symbolGrids(img: GrayImage, box: PixelBox): SymbolGrid[] {
  const width = box.x1 - box.x0 + 1;
  const height = box.y1 - box.y0 + 1;
  if (Math.max(width, height) > 5 * Math.min(width, height)) return [];
  const level = darkLightLevel(img, box);
  if (level === undefined) return [];
  // A first look one pixel inside the edges counts the timing modules; the second looks half a module in.
  const rough = measure(img, box, level, 1, 1);
  if (!rough) return [];
  const layout = measure(img, box, level, halfModuleInset(height / rough.ny), halfModuleInset(width / rough.nx));
  if (!layout) return [];
  const xCenters = fitModuleCenters(layout.timingH, layout.nx, level);
  const yCenters = fitModuleCenters(layout.timingV, layout.ny, level);
  const moduleSizePx = (width / layout.nx + height / layout.ny) / 2;
  const grids: SymbolGrid[] = [];
  for (const [left, bottom] of [
    [layout.solidV.side, layout.solidH.side],
    [layout.solidH.side, layout.solidV.side],
  ] as const) {
    const grid = orient(left, bottom, layout, xCenters, yCenters);
    if (grid) grids.push({ ...grid, box, level, moduleSizePx });
  }
  return grids.sort((a, b) => Number(a.mirrored) - Number(b.mirrored));
}

type Oriented = Pick<SymbolGrid, 'size' | 'rotationDeg' | 'mirrored' | 'centerOf'>;

/**
 * Reads the symbol with `left` as its solid left edge and `bottom` as its solid bottom edge:
 * columns run along the bottom edge away from the corner where the two meet, rows run along the
 * left edge towards that corner.
 */
function orient(left: Side, bottom: Side, layout: Layout, xs: number[], ys: number[]): Oriented | undefined {
  const colsAlongX = isHorizontal(bottom);
  const size = colsAlongX ? symbolSizeFor(layout.ny, layout.nx) : symbolSizeFor(layout.nx, layout.ny);
  if (!size) return undefined;
  // The corner of the L, as "is it at the low end" of each axis.
  const cornerLowX = (colsAlongX ? left : bottom) === 'left';
  const cornerLowY = (colsAlongX ? bottom : left) === 'top';
  const colSign = colsAlongX ? (cornerLowX ? 1 : -1) : cornerLowY ? 1 : -1;
  const rowSign = colsAlongX ? (cornerLowY ? -1 : 1) : cornerLowX ? -1 : 1;
  const colPos = colSign > 0 ? (colsAlongX ? xs : ys) : [...(colsAlongX ? xs : ys)].reverse();
  const rowPos = rowSign > 0 ? (colsAlongX ? ys : xs) : [...(colsAlongX ? ys : xs)].reverse();
  const u = colsAlongX ? [colSign, 0] : [0, colSign];
  const v = colsAlongX ? [0, rowSign] : [rowSign, 0];
  const det = u[0]! * v[1]! - u[1]! * v[0]!;
  const rotationDeg = (Math.round((Math.atan2(u[1]!, u[0]!) * 180) / Math.PI) + 360) % 360;
  return {
    size,
    rotationDeg,
    mirrored: det < 0,
    centerOf: colsAlongX
      ? (r, c) => ({ x: colPos[c]!, y: rowPos[r]! })
      : (r, c) => ({ x: rowPos[r]!, y: colPos[c]! }),
  };
}
