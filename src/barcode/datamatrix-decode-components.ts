/**
 * Connected dark regions of an image (4-connectivity), found run by run so that a mostly white page
 * costs little memory. The L-shaped finder of a Data Matrix symbol is one such region, and since it
 * spans the symbol's whole left (or right) and bottom (or top) edge, its bounding box is the symbol's.
 */
import type { GrayImage, PixelBox } from './datamatrix-decode-image.js';

/** Bounding boxes of the dark regions whose width and height are both at least `minSide` pixels. */
export function darkRegions(img: GrayImage, level: number, minSide: number): PixelBox[] {
  const { width, height, gray } = img;
  const parent: number[] = [];
  const runX0: number[] = [];
  const runX1: number[] = [];
  const runY: number[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  let prevStart = 0;
  let prevEnd = 0;
  for (let y = 0; y < height; y++) {
    const rowStart = runX0.length;
    const row = y * width;
    let x = 0;
    let p = prevStart;
    while (x < width) {
      if (gray[row + x]! >= level) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < width && gray[row + x]! < level) x++;
      const id = runX0.length;
      runX0.push(x0);
      runX1.push(x - 1);
      runY.push(y);
      parent.push(id);
      // Join every run of the row above that shares a column with this one.
      while (p < prevEnd && runX1[p]! < x0) p++;
      for (let q = p; q < prevEnd && runX0[q]! <= x - 1; q++) {
        const a = find(q);
        const b = find(id);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    prevStart = rowStart;
    prevEnd = runX0.length;
  }
  const boxes = new Map<number, { x0: number; y0: number; x1: number; y1: number }>();
  for (let id = 0; id < runX0.length; id++) {
    const root = find(id);
    const b = boxes.get(root);
    if (!b) boxes.set(root, { x0: runX0[id]!, y0: runY[id]!, x1: runX1[id]!, y1: runY[id]! });
    else {
      b.x0 = Math.min(b.x0, runX0[id]!);
      b.x1 = Math.max(b.x1, runX1[id]!);
      b.y1 = Math.max(b.y1, runY[id]!);
    }
  }
  return [...boxes.values()].filter((b) => b.x1 - b.x0 + 1 >= minSide && b.y1 - b.y0 + 1 >= minSide);
}
