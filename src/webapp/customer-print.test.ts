import { describe, expect, it } from 'vitest';
import { resolveLayout } from '../print/index.js';
import { chooseLayout, printPageCss, sheetPicture } from './customer-print.js';

describe('the print preview geometry', () => {
  it('sizes @page and the sheet to each medium, in inches', () => {
    expect(printPageCss(resolveLayout('single-label'))).toContain('size: 2.25in 1.25in;');
    expect(printPageCss(resolveLayout('address-30up'))).toMatch(/@page \{\n {2}size: 8\.5in 11in;\n {2}margin: 0;/);
    expect(printPageCss(resolveLayout('thermal-4x6'))).toContain('width: 4in;\n  height: 6in;');
    expect(printPageCss(resolveLayout('envelope-10'))).toContain('size: 9.5in 4.125in;');
  });

  it('draws a sheet as fractions of the page: slot 5 of the 30-up sheet is column 2, row 2', () => {
    const p = sheetPicture(resolveLayout('address-30up'));
    expect(p.columns).toBe(3);
    expect(p.slots).toHaveLength(30);
    expect(p.slots[4]).toEqual({ slot: 5, left: Number((2.9375 / 8.5).toFixed(5)), top: Number((1.5 / 11).toFixed(5)), width: Number((2.625 / 8.5).toFixed(5)), height: Number((1 / 11).toFixed(5)) });
    expect(sheetPicture(resolveLayout('single-label')).slots).toEqual([{ slot: 0, left: 0, top: 0, width: 1, height: 1 }]);
  });

  it('uses the layout asked for, else the medium’s, else a single label', () => {
    expect(chooseLayout('stamp-sheet', 'address-30up').name).toBe('stamp-sheet');
    expect(chooseLayout(undefined, 'address-30up').name).toBe('address-30up');
    expect(chooseLayout(undefined, null).name).toBe('single-label');
    expect(() => chooseLayout('nope', null)).toThrow(expect.objectContaining({ code: 'PRINT_LAYOUT_UNKNOWN' }));
  });
});
