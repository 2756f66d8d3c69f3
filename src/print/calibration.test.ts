import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { applyCalibration, calibrationFromMeasurements, CALIBRATION_LIMITS, IDENTITY_CALIBRATION, pdfCalibrationMatrix, validateCalibration, type Calibration, type Point } from './calibration.js';

function problemsOf(value: unknown): string[] {
  try {
    validateCalibration(value);
    return [];
  } catch (err) {
    expect(isAppError(err, 'PRINT_CALIBRATION_INVALID')).toBe(true);
    return (err as { details: { problems: string[] } }).details.problems;
  }
}

describe('validateCalibration', () => {
  it('accepts the limits themselves and refuses anything beyond, listing every problem', () => {
    const { maxOffsetPt, minScale, maxScale } = CALIBRATION_LIMITS;
    expect(problemsOf({ dxPt: maxOffsetPt, dyPt: -maxOffsetPt, scale: minScale })).toEqual([]);
    expect(problemsOf({ dxPt: 0, dyPt: 0, scale: maxScale })).toEqual([]);
    expect(problemsOf({ dxPt: 36.5, dyPt: -40, scale: 1.2 })).toHaveLength(3);
    expect(problemsOf({ dxPt: '3', dyPt: Number.NaN, scale: Infinity })).toHaveLength(3);
    expect(problemsOf(null)).toHaveLength(3);
  });
});

describe('applying a calibration', () => {
  it('moves right and down by the offsets and scales about the top-left corner', () => {
    const c = { dxPt: 3, dyPt: -2, scale: 1.02 };
    expect(applyCalibration(c, { x: 0, y: 0 })).toEqual({ x: 3, y: -2 });
    const p = applyCalibration(c, { x: 100, y: 50 });
    expect(p.x).toBeCloseTo(105, 9);
    expect(p.y).toBeCloseTo(49, 9);
  });

  it('gives a PDF matrix that maps points like applyCalibration once y is turned upwards', () => {
    const H = 792;
    fc.assert(
      fc.property(
        fc.double({ min: -36, max: 36, noNaN: true }),
        fc.double({ min: -36, max: 36, noNaN: true }),
        fc.double({ min: 0.9, max: 1.1, noNaN: true }),
        fc.double({ min: 0, max: 612, noNaN: true }),
        fc.double({ min: 0, max: 792, noNaN: true }),
        (dxPt, dyPt, scale, x, y) => {
          const [a, , , d, e, f] = pdfCalibrationMatrix({ dxPt, dyPt, scale }, H);
          const want = applyCalibration({ dxPt, dyPt, scale }, { x, y });
          // PDF: (x, H - y) maps to (a·x + e, d·(H - y) + f), which must be (want.x, H - want.y).
          expect(a * x + e).toBeCloseTo(want.x, 6);
          expect(d * (H - y) + f).toBeCloseTo(H - want.y, 6);
        },
      ),
    );
  });
});

describe('calibrationFromMeasurements', () => {
  const A: Point = { x: 72, y: 72 };
  const B: Point = { x: 540, y: 720 };
  // A printer that scales by `a` about the page corner and then shifts by (ex, ey).
  const printer = (a: number, ex: number, ey: number) => (p: Point): Point => ({ x: a * p.x + ex, y: a * p.y + ey });

  it('undoes any printer within the limits, so that printing through it lands on target', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.93, max: 1.07, noNaN: true }), fc.double({ min: -25, max: 25, noNaN: true }), fc.double({ min: -25, max: 25, noNaN: true }), (a, ex, ey) => {
        const print = printer(a, ex, ey);
        const c = calibrationFromMeasurements({ expectedA: A, expectedB: B, measuredA: print(A), measuredB: print(B) });
        for (const p of [A, B, { x: 300, y: 400 }]) {
          const landed = print(applyCalibration(c, p));
          expect(landed.x).toBeCloseTo(p.x, 1);
          expect(landed.y).toBeCloseTo(p.y, 1);
        }
      }),
    );
  });

  it('refines a calibration measured on a page printed with it applied', () => {
    const print = printer(1.03, 5, -7);
    const first: Calibration = { dxPt: -4, dyPt: 6, scale: 0.975 };
    const through = (p: Point): Point => print(applyCalibration(first, p));
    const refined = calibrationFromMeasurements({ expectedA: A, expectedB: B, measuredA: through(A), measuredB: through(B) }, first);
    const landed = print(applyCalibration(refined, B));
    expect(landed.x).toBeCloseTo(B.x, 1);
    expect(landed.y).toBeCloseTo(B.y, 1);
  });

  it('is the identity for a perfect printer and refuses a printer beyond the limits', () => {
    expect(calibrationFromMeasurements({ expectedA: A, expectedB: B, measuredA: A, measuredB: B })).toEqual(IDENTITY_CALIBRATION);
    const far = printer(1, 50, 0);
    expect(() => calibrationFromMeasurements({ expectedA: A, expectedB: B, measuredA: far(A), measuredB: far(B) })).toThrow(/beyond/);
    expect(() => calibrationFromMeasurements({ expectedA: A, expectedB: A, measuredA: A, measuredB: A })).toThrow(/differ/);
  });
});
