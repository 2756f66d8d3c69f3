import { describe, expect, it } from 'vitest';
import { decodeDataMatrixModules } from '../barcode/datamatrix-decode.js';
import { composePrintJob } from './compose.js';
import { unsignedIndicium } from './print-test-support.js';
import { escapeXml, renderSvg } from './render-svg.js';

// Reads the module matrix back from a symbol path of "M x y h n v1 h-n z" runs.
function modulesFromPath(d: string, size: number): boolean[][] {
  const modules = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let c = Number(m[1]); c < Number(m[1]) + Number(m[3]); c++) modules[Number(m[2])]![c] = true;
  }
  return modules;
}

describe('renderSvg', () => {
  const indicia = [unsignedIndicium({ pieceCount: 1 }), unsignedIndicium({ pieceCount: 2, postage: 12_345n })];
  const doc = composePrintJob({ layout: 'address-30up', items: indicia.map((indicium) => ({ indicium })), startSlot: 5, calibration: { dxPt: 1.5, dyPt: -2, scale: 1.01 } });
  const [svg] = renderSvg(doc);

  it('sizes the page in inches with a viewBox in points and wraps everything in the calibration transform', () => {
    expect(renderSvg(doc)).toHaveLength(1);
    expect(svg).toMatch(/^<svg [^>]*width="8.5in" height="11in" viewBox="0 0 612 792">/);
    expect(svg).toContain('<g transform="translate(1.5 -2) scale(1.01)">');
  });

  it('draws each symbol as one path at its placed position and module size, which decodes to the bytes', () => {
    const paths = [...svg!.matchAll(/<path transform="translate\(([\d.]+) ([\d.]+)\) scale\(([\d.]+)\)"[^>]* d="([^"]+)"\/>/g)];
    expect(paths).toHaveLength(2);
    paths.forEach((m, i) => {
      const placed = doc.placements[i]!;
      expect(Number(m[1])).toBeCloseTo(placed.symbol.x, 5);
      expect(Number(m[2])).toBeCloseTo(placed.symbol.y, 5);
      expect(Number(m[3])).toBeCloseTo(placed.symbol.moduleSizePt, 5);
      expect(decodeDataMatrixModules(modulesFromPath(m[4]!, 44)).bytes).toEqual(indicia[placed.itemIndex]);
    });
  });

  it('writes the human-readable lines as text, escaped', () => {
    expect(svg).toContain('font-weight="bold" fill="#000000" xml:space="preserve">Postage $12.345</text>');
    expect(svg).toContain('>PSD 4</text>');
    expect(escapeXml('A & B <C> "D"')).toBe('A &amp; B &lt;C&gt; &quot;D&quot;');
  });
});
