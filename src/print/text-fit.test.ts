import { describe, expect, it } from 'vitest';
import { fitText, LINE_HEIGHT, positionText, wrapLine } from './text-fit.js';
import type { TextMeasure } from './text-metrics.js';

// A monospaced measure: every character is half the font size wide, so the arithmetic is visible.
const mono: TextMeasure = (text, size) => text.length * size * 0.5;

describe('wrapLine', () => {
  it('keeps a line that fits and breaks one that does not at spaces', () => {
    expect(wrapLine({ text: 'abc def', bold: false }, 100, 10, mono)).toEqual([{ text: 'abc def', bold: false }]);
    // 5 pt per character, 40 pt wide: 8 characters per line.
    expect(wrapLine({ text: 'aaa bbb ccc dddd', bold: true }, 40, 10, mono)!.map((l) => l.text)).toEqual(['aaa bbb', 'ccc dddd']);
  });

  it('gives up when a single word is wider than the box', () => {
    expect(wrapLine({ text: 'abcdefghi x', bold: false }, 40, 10, mono)).toBeUndefined();
  });
});

describe('fitText', () => {
  it('chooses the largest size at which width and height fit', () => {
    const lines = [{ text: 'abcdefghij', bold: false }];
    // 10 characters in 40 pt: size 8 at 0.5 em. Height 1.2 × 8 = 9.6 pt fits 20 pt.
    const fitted = fitText(lines, { width: 40, height: 20 }, { maxPt: 12, minPt: 4 }, mono)!;
    expect(fitted.sizePt).toBe(8);
    expect(fitted.widthPt).toBe(40);
    expect(fitted.heightPt).toBeCloseTo(LINE_HEIGHT * 8, 9);
  });

  it('wraps before shrinking below what the height allows, and fails below the minimum', () => {
    const lines = [{ text: 'aa bb cc dd', bold: false }];
    const fitted = fitText(lines, { width: 25, height: 100 }, { maxPt: 10, minPt: 5 }, mono)!;
    expect(fitted.sizePt).toBe(10);
    expect(fitted.lines.map((l) => l.text)).toEqual(['aa bb', 'cc dd']);
    expect(fitText(lines, { width: 25, height: 10 }, { maxPt: 10, minPt: 5 }, mono)).toBeUndefined();
  });

  it('positions lines at one line pitch', () => {
    const fitted = fitText([{ text: 'a', bold: false }, { text: 'b', bold: true }], { width: 50, height: 50 }, { maxPt: 10, minPt: 10 }, mono)!;
    const [first, second] = positionText(fitted, 5, 100);
    expect(second!.baseline - first!.baseline).toBeCloseTo(12, 9);
    expect(first!.baseline).toBeGreaterThan(100);
    expect(second).toMatchObject({ x: 5, text: 'b', bold: true, sizePt: 10 });
  });
});
