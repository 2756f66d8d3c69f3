import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PDFDocument, rgb } from 'pdf-lib';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import { isAppError } from '../errors/app-error.js';
import { dataMatrixModules } from './datamatrix-encode.js';
import { renderDataMatrixPng } from './datamatrix-render-png.js';
import { renderDataMatrixSvg } from './datamatrix-render-svg.js';
import { drawDataMatrixOnPdfPage } from './datamatrix-render-pdf.js';
import { runsWithTool } from './barcode-test-support.js';

const bytes = Buffer.from(loadIndiciumVectors().cases[0]!.indiciumHex, 'hex');
const modules = dataMatrixModules(bytes);

/** Checks that every tag is closed in order and every attribute is name="value"; returns the tags seen. */
function checkWellFormed(xml: string): string[] {
  const stack: string[] = [];
  const seen: string[] = [];
  const rest = xml.replace(/<([/]?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*")*)\s*(\/?)>/g, (_all, close: string, name: string, _attrs, selfClose: string) => {
    if (close) expect(stack.pop()).toBe(name);
    else if (!selfClose) stack.push(name);
    seen.push(`${close}${name}`);
    return '';
  });
  expect(stack).toEqual([]);
  // Nothing but white space may remain once the tags are taken out: no stray < or text.
  expect(rest.trim()).toBe('');
  return seen;
}

/** Rebuilds the module matrix from the path's "M x y h w v1 h-w z" rectangles. */
function modulesFromPath(d: string, rows: number, cols: number, offset: number): boolean[][] {
  const grid = Array.from({ length: rows }, () => Array.from({ length: cols }, () => false));
  const rects = [...d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
  expect(rects.map((m) => m[0]).join('')).toBe(d);
  for (const [, x, y, w, back] of rects) {
    expect(back).toBe(w);
    for (let k = 0; k < Number(w); k++) {
      const row = grid[Number(y) - offset]!;
      expect(row[Number(x) - offset + k]).toBe(false); // no module drawn twice
      row[Number(x) - offset + k] = true;
    }
  }
  return grid;
}

describe('rendering Data Matrix symbols', () => {
  it('PNG: every pixel is exactly the module it belongs to, black on white, with the quiet zone', () => {
    const png = PNG.sync.read(renderDataMatrixPng(bytes, { modulePx: 3, quietZoneModules: 2 }));
    expect([png.width, png.height]).toEqual([48 * 3, 48 * 3]);
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const dark = modules[Math.floor(y / 3) - 2]?.[Math.floor(x / 3) - 2] === true;
        const i = 4 * (y * png.width + x);
        const [r, g, b, a] = png.data.subarray(i, i + 4);
        if ([r, g, b, a].join() !== (dark ? '0,0,0,255' : '255,255,255,255')) expect.fail(`pixel ${x},${y} is ${[r, g, b, a].join()}`);
      }
    }
  });

  it('PNG: refuses a quiet zone below one module and fractional pixels per module', () => {
    for (const opts of [{ modulePx: 3, quietZoneModules: 0 }, { modulePx: 2.5, quietZoneModules: 1 }]) {
      let caught: unknown;
      try {
        renderDataMatrixPng(bytes, opts);
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('SVG: well formed, one crisp-edged path, and exactly the modules of the symbol', () => {
    const svg = renderDataMatrixSvg(bytes, { moduleSize: 0.5, unit: 'mm' });
    expect(checkWellFormed(svg)).toEqual(['svg', 'rect', 'path', '/svg']);
    expect(svg).toContain('width="23mm" height="23mm" viewBox="0 0 46 46"');
    expect(svg).toContain('shape-rendering="crispEdges"');
    const d = /<path fill="#000000" d="([^"]*)"\/>/.exec(svg)![1]!;
    const drawn = modulesFromPath(d, 44, 44, 1);
    expect(drawn).toEqual(modules);
    expect(drawn.flat().filter(Boolean).length).toBe(modules.flat().filter(Boolean).length);
  });

  describe.runIf(runsWithTool('pdftoppm', 'poppler-utils'))('PDF (rasterised with pdftoppm)', () => {
    it('draws the modules as vector rectangles exactly where asked, with a white quiet zone', async () => {
      const doc = await PDFDocument.create();
      const page = doc.addPage([200, 200]);
      page.drawRectangle({ x: 0, y: 0, width: 200, height: 200, color: rgb(0.8, 0.8, 0.8) });
      drawDataMatrixOnPdfPage(page, modules, { x: 30, y: 50, moduleSizePt: 2 });
      const dir = mkdtempSync(join(tmpdir(), 'barcode-render-'));
      try {
        writeFileSync(join(dir, 'p.pdf'), await doc.save());
        // 144 dpi makes a 2 pt module exactly 4 pixels.
        execFileSync('pdftoppm', ['-r', '144', '-png', '-singlefile', join(dir, 'p.pdf'), join(dir, 'p')]);
        const png = PNG.sync.read(readFileSync(join(dir, 'p.png')));
        const at = (x: number, y: number): number => png.data[4 * (y * png.width + x)]!;
        // Symbol top-left in pixels: x = 30 pt, y = page height − (50 + 44·2) pt, at 2 px per pt.
        const left = 60;
        const top = (200 - 50 - 88) * 2;
        for (let r = -1; r <= 44; r++) {
          for (let c = -1; c <= 44; c++) {
            const want = modules[r]?.[c] === true ? 0 : 255;
            expect(at(left + 4 * c + 2, top + 4 * r + 2), `module ${r},${c}`).toBe(want);
          }
        }
        expect(at(left - 6, top)).toBeLessThan(255); // beyond the quiet zone the grey background remains
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
