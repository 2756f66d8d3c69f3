// Per-printer calibration: printers shift and scale what they print, so everything drawn is first
// mapped p' = scale·p + (dxPt, dyPt), in points from the page's top-left corner with y down. A
// positive dxPt moves the print right on the paper, a positive dyPt moves it down; the scale is taken
// about the page's top-left corner. Pure: storing it is calibration-store.ts.
import { AppError } from '../errors/app-error.js';

/** How to correct one printer; the identity is { dxPt: 0, dyPt: 0, scale: 1 }. */
export interface Calibration {
  /** Moves everything right by this many points (negative: left). */
  readonly dxPt: number;
  /** Moves everything down by this many points (negative: up). */
  readonly dyPt: number;
  /** Multiplies every distance from the page's top-left corner. */
  readonly scale: number;
}

/** No correction. */
export const IDENTITY_CALIBRATION: Calibration = Object.freeze({ dxPt: 0, dyPt: 0, scale: 1 });

/**
 * The limits a calibration must respect: half an inch of offset and ±10 % of scale. A printer that
 * needs more is misconfigured (wrong paper size, "fit to page"), which calibration must not hide.
 */
export const CALIBRATION_LIMITS = Object.freeze({ maxOffsetPt: 36, minScale: 0.9, maxScale: 1.1 });

/** A point in points from the page's top-left corner. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Checks a calibration (PRINT_CALIBRATION_INVALID listing every problem) and returns a frozen copy. */
export function validateCalibration(value: unknown): Calibration {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const { maxOffsetPt, minScale, maxScale } = CALIBRATION_LIMITS;
  for (const key of ['dxPt', 'dyPt'] as const) {
    const n = v[key];
    if (typeof n !== 'number' || !Number.isFinite(n)) problems.push(`${key} must be a number of points`);
    else if (Math.abs(n) > maxOffsetPt) problems.push(`${key} ${n} is beyond ±${maxOffsetPt} pt`);
  }
  const scale = v.scale;
  if (typeof scale !== 'number' || !Number.isFinite(scale)) problems.push('scale must be a number');
  else if (scale < minScale || scale > maxScale) problems.push(`scale ${scale} is outside ${minScale} to ${maxScale}`);
  if (problems.length > 0) {
    throw new AppError('PRINT_CALIBRATION_INVALID', `The calibration is invalid: ${problems.join('; ')}`, { problems });
  }
  return Object.freeze({ dxPt: v.dxPt as number, dyPt: v.dyPt as number, scale: scale as number });
}

/** Where the calibrated output draws the point `p`. */
export function applyCalibration(calibration: Calibration, p: Point): Point {
  return { x: calibration.scale * p.x + calibration.dxPt, y: calibration.scale * p.y + calibration.dyPt };
}

/**
 * The PDF transformation matrix [a b c d e f] of a calibration on a page `heightPt` tall. PDF puts the
 * origin at the bottom-left with y up: y_up' = H − (s·(H − y_up) + dy) = s·y_up + H·(1 − s) − dy.
 */
export function pdfCalibrationMatrix(calibration: Calibration, heightPt: number): [number, number, number, number, number, number] {
  const { dxPt, dyPt, scale } = calibration;
  return [scale, 0, 0, scale, dxPt, heightPt * (1 - scale) - dyPt];
}

/** Where two crosshairs of the calibration page should be and where the printer put them, in points. */
export interface CalibrationMeasurements {
  readonly expectedA: Point;
  readonly expectedB: Point;
  readonly measuredA: Point;
  readonly measuredB: Point;
}

/**
 * The calibration that undoes what the measurements show. The page was printed with `current` applied
 * (identity by default), so the printer's own map is q = a·p + e with a = measured scale / current
 * scale; the result is its inverse, p ↦ p/a − e/a (PRINT_CALIBRATION_INVALID if out of limits).
 */
export function calibrationFromMeasurements(m: CalibrationMeasurements, current: Calibration = IDENTITY_CALIBRATION): Calibration {
  const spanX = m.expectedB.x - m.expectedA.x;
  const spanY = m.expectedB.y - m.expectedA.y;
  if (Math.abs(spanX) < 1 || Math.abs(spanY) < 1) {
    throw new AppError('PRINT_CALIBRATION_INVALID', 'Crosshairs A and B must differ in both x and y', { ...m });
  }
  // Observed map (printer after current): q = observedScale·p + observedOffset, one scale for both axes.
  const observedScale = ((m.measuredB.x - m.measuredA.x) / spanX + (m.measuredB.y - m.measuredA.y) / spanY) / 2;
  const observedX = (m.measuredA.x + m.measuredB.x - observedScale * (m.expectedA.x + m.expectedB.x)) / 2;
  const observedY = (m.measuredA.y + m.measuredB.y - observedScale * (m.expectedA.y + m.expectedB.y)) / 2;
  // Printer alone: q = a·x + e, with x = current.scale·p + current.d.
  const a = observedScale / current.scale;
  const ex = observedX - a * current.dxPt;
  const ey = observedY - a * current.dyPt;
  // Thousandths of a point are far below any printer's resolution; + 0 turns -0 into 0.
  const round = (n: number): number => Math.round(n * 1000) / 1000 + 0;
  return validateCalibration({ dxPt: round(-ex / a), dyPt: round(-ey / a), scale: Math.round((1 / a) * 1e5) / 1e5 });
}
