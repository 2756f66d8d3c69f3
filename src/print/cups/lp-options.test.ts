import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error.js';
import { LAYOUTS } from '../layouts.js';
import { lpArguments, mediaForPage, TRUE_SIZE_OPTIONS, validateJob, validatePrinterName } from './lp-options.js';

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'no error';
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
};

describe('mediaForPage', () => {
  it('names the standard portrait sizes by their PWG names', () => {
    expect(mediaForPage(612, 792)).toBe('na_letter_8.5x11in');
    expect(mediaForPage(288, 432)).toBe('na_index-4x6_4x6in');
    expect(mediaForPage(595.28, 841.89)).toBe('iso_a4_210x297mm');
  });

  it('gives every other page, and landscape pages, a custom size in its own orientation', () => {
    // single-label and envelope-10 are landscape; a PWG name would make CUPS turn them.
    expect(mediaForPage(162, 90)).toBe('Custom.57.15x31.75mm');
    expect(mediaForPage(684, 297)).toBe('Custom.241.3x104.78mm');
    expect(mediaForPage(792, 612)).toBe('Custom.279.4x215.9mm');
  });

  it('rounds a custom side up to whole hundredths of a millimetre, never below the page', () => {
    fc.assert(
      fc.property(fc.double({ min: 36, max: 3000, noNaN: true }), fc.double({ min: 36, max: 3000, noNaN: true }), (w, h) => {
        const m = /^Custom\.([\d.]+)x([\d.]+)mm$/.exec(mediaForPage(w, h));
        if (!m) return true; // a standard size
        const [mmW, mmH] = [Number(m[1]), Number(m[2])];
        // CUPS keeps whole hundredths: the value it keeps is at least the page and less than 0.01 mm more.
        for (const [mmSide, pt] of [[mmW, w], [mmH, h]] as const) {
          expect(Number.isInteger(Math.round(mmSide * 100))).toBe(true);
          expect(mmSide * 100).toBeGreaterThanOrEqual(pt * (2540 / 72) - 1e-6);
          expect(mmSide * 100 - pt * (2540 / 72)).toBeLessThan(1 + 1e-6);
        }
        return true;
      }),
    );
  });

  it('has a media value for every layout', () => {
    for (const layout of Object.values(LAYOUTS)) expect(mediaForPage(layout.widthPt, layout.heightPt)).toMatch(/^(na_|iso_|Custom\.)/);
  });

  it('refuses a page without a size', () => {
    expect(codeOf(() => mediaForPage(0, 792))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => mediaForPage(Number.NaN, 792))).toBe('INVALID_ARGUMENT');
  });
});

describe('validatePrinterName', () => {
  it('takes CUPS queue names and NAME/INSTANCE', () => {
    for (const name of ['indicia-pdf', 'Zebra_ZD421', 'HP_LaserJet.2', 'office@print-server', 'label/thick']) expect(validatePrinterName(name)).toBe(name);
  });

  it('refuses names CUPS refuses, and names lpstat would read as options', () => {
    for (const name of ['', '-d', 'two words', 'a/b/c', 'q"x', "q'x", 'q#1', 'q?', 'back\\slash', 'tab\tname', 'x'.repeat(128), 7]) {
      expect(codeOf(() => validatePrinterName(name))).toBe('PRINTER_NAME_INVALID');
    }
  });
});

describe('validateJob', () => {
  it('takes a job as lp named it and refuses anything else', () => {
    expect(validateJob({ id: 'indicia-pdf-12', number: 12, printer: 'indicia-pdf' }).number).toBe(12);
    expect(codeOf(() => validateJob({ id: 'indicia-pdf-12', number: 13, printer: 'indicia-pdf' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => validateJob({ id: '-a-1', number: 1, printer: '-a' }))).toBe('PRINTER_NAME_INVALID');
    expect(codeOf(() => validateJob({ id: 'p-0', number: 0, printer: 'p' }))).toBe('INVALID_ARGUMENT');
  });
});

describe('lpArguments', () => {
  it('asks for the page size and every true-size option, reading the document from standard input', () => {
    const args = lpArguments({ printer: 'indicia-pdf', title: 'sheet 1', media: 'na_letter_8.5x11in' });
    expect(args).toEqual(['-d', 'indicia-pdf', '-t', 'sheet 1', ...TRUE_SIZE_OPTIONS.flatMap((o) => ['-o', o]), '-o', 'media=na_letter_8.5x11in']);
    expect(TRUE_SIZE_OPTIONS).toEqual(expect.arrayContaining(['fit-to-page=false', 'print-scaling=none', 'number-up=1']));
    // Only flag-value pairs, no file argument: lp reads standard input.
    expect(args.length % 2).toBe(0);
    for (let i = 0; i < args.length; i += 2) expect(args[i]).toMatch(/^-[dtno]$/);
  });

  it('sends raw jobs with -o raw and none of the PDF options', () => {
    expect(lpArguments({ printer: 'zebra', raw: true, copies: 3 })).toEqual(['-d', 'zebra', '-n', '3', '-o', 'raw']);
  });

  it('adds the caller’s options last, so that they win over the defaults', () => {
    const args = lpArguments({ printer: 'p', options: ['media=Env10', 'InputSlot=Manual'] });
    expect(args.slice(-4)).toEqual(['-o', 'media=Env10', '-o', 'InputSlot=Manual']);
  });

  it('refuses options lp would split into several, and bad copy counts', () => {
    expect(codeOf(() => lpArguments({ printer: 'p', options: ['media=Letter number-up=2'] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => lpArguments({ printer: 'p', options: ['-o'] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => lpArguments({ printer: 'p', media: 'Letter fit-to-page=true' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => lpArguments({ printer: 'p', copies: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => lpArguments({ printer: 'p', copies: 1.5 }))).toBe('INVALID_ARGUMENT');
  });

  it('keeps titles printable and short', () => {
    expect(lpArguments({ printer: 'p', title: 'a\nb\u0000c' })[3]).toBe('a b c');
    expect(lpArguments({ printer: 'p', title: 'x'.repeat(100) })[3]).toHaveLength(64);
    expect(lpArguments({ printer: 'p', title: '\n' })[3]).toBe('indicia');
  });
});
