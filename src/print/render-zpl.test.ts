import { describe, expect, it } from 'vitest';
import { decodeDataMatrixModules } from '../barcode/datamatrix-decode.js';
import { composePrintJob } from './compose.js';
import { unsignedIndicium } from './print-test-support.js';
import { graphicField, renderZpl } from './render-zpl.js';
import { decodeZplHexField, undoDataMatrixEscapes } from './zpl-fields.js';

// Piece count 0x5F5E7E puts the escape character _, the ^ prefix and the ~ prefix into the bytes.
const indicium = unsignedIndicium({ pieceCount: 0x5f5e7e });
const job = { layout: 'thermal-4x6', items: [{ indicium }], addresses: { delivery: ['José Müller', '1 Main St'] } } as const;

describe('renderZpl', () => {
  const zpl = renderZpl(composePrintJob(job));

  it('writes one 4 in × 6 in format at 203 dpi', () => {
    const lines = zpl.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual(['^XA', '^CI27', '^PW812', '^LL1219', '^LH0,0']);
    expect(lines.at(-1)).toBe('^XZ');
    // Nothing but commands: every line starts with ^, and no ~ prefix appears anywhere.
    expect(lines.every((l) => l.startsWith('^'))).toBe(true);
    expect(zpl).not.toContain('~');
  });

  it('encodes the bytes with ^BX ECC 200 44×44 at 6 dots per module, ^FH hex escapes giving the bytes back', () => {
    const m = /\^FO(\d+),(\d+)\^BXN,(\d+),200,44,44,,_,1\^FH_\^FD([^^]*)\^FS/.exec(zpl)!;
    expect(m).not.toBeNull();
    expect(Number(m[3])).toBe(6);
    // The slot's top-left plus padding plus one quiet module, at 8 dots/mm: (18 + 4 + 2.126) pt.
    expect([Number(m[1]), Number(m[2])]).toEqual([68, 68]);
    expect(undoDataMatrixEscapes(decodeZplHexField(m[4]!))).toEqual(indicium);
  });

  it('writes the text at its baselines with font 0 and Latin-1 letters as hex', () => {
    expect(zpl).toMatch(/\^FT\d+,\d+\^A0N,\d+,\d+\^FH_\^FDPostage \$0\.74\^FS/);
    expect(zpl).toContain('^FDJos_E9 M_FCller^FS');
  });

  it('moves every field by the calibration, in dots', () => {
    const shifted = renderZpl(composePrintJob({ ...job, calibration: { dxPt: 7.2, dyPt: -3.6, scale: 1 } }));
    const origins = (z: string) => [...z.matchAll(/\^F[OT](\d+),(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // 7.2 pt = 2.54 mm = 20.32 dots; -3.6 pt = -10.16 dots (rounded per field).
    origins(shifted).forEach(([x, y], i) => {
      const [x0, y0] = origins(zpl)[i]!;
      expect(Math.abs(x! - x0! - 20.32)).toBeLessThanOrEqual(1);
      expect(Math.abs(y! - y0! + 10.16)).toBeLessThanOrEqual(1);
    });
  });

  it('draws the project symbol as a ^GFA bitmap on request, whose dots give the modules back', () => {
    const graphic = renderZpl(composePrintJob(job), { symbol: 'graphic', dotsPerMm: 12 });
    const m = /\^GFA,(\d+),(\d+),(\d+),([0-9A-F]+)\^FS/.exec(graphic)!;
    const [total, , perRow, hex] = [Number(m[1]), m[2], Number(m[3]), m[4]!];
    expect(hex.length).toBe(2 * total);
    // Rows of dots = 44 modules × dots per module.
    const dotsPerModule = total / perRow / 44;
    expect(dotsPerModule).toBe(9);
    const bit = (row: number, col: number) => (parseInt(hex.substr(2 * (row * perRow + (col >> 3)), 2), 16) >> (7 - (col & 7))) & 1;
    const modules = Array.from({ length: 44 }, (_, r) => Array.from({ length: 44 }, (_, c) => bit(r * dotsPerModule + 1, c * dotsPerModule + 1) === 1));
    expect(decodeDataMatrixModules(modules).bytes).toEqual(indicium);
    expect(graphicField([[true, false, true]], 3)).toBe('^GFA,6,6,2,E380E380E380');
  });

  it('refuses a resolution ZPL printers do not have', () => {
    expect(() => renderZpl(composePrintJob(job), { dotsPerMm: 10 as 8 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
