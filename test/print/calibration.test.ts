// Calibration on real pixels: offsets and scale move what is printed by the expected number of pixels
// at 300 dpi, and the calibration page's crosshairs, measured on a raster, give the calibration back.
import { describe, expect, it } from 'vitest';
import { decodeDataMatrixPng, type GrayImage } from '../../src/barcode/index.js';
import { grayToPng } from '../../src/barcode/barcode-test-support.js';
import {
  calibrationFromMeasurements,
  calibrationTargets,
  composeCalibrationPage,
  composePrintJob,
  LAYOUTS,
  ptToPx,
  renderPdf,
  type Calibration,
  type Point,
} from '../../src/print/index.js';
import { plainIndicia, pdftoppmAvailable, rasterizePdf } from './print-fixture.js';

const DPI = 300;
const items = plainIndicia(4, 3001).map((indicium) => ({ indicium }));

async function symbolCorners(calibration?: Calibration): Promise<Array<{ x: number; y: number; width: number }>> {
  const pdf = await renderPdf(composePrintJob({ layout: 'stamp-sheet', items, startSlot: 5, ...(calibration ? { calibration } : {}) }));
  const [page] = rasterizePdf(pdf, DPI);
  // Slots 5-8 are the second row (2.5 in to 4.5 in from the top): decode that band only, it is faster.
  const top = Math.round(ptToPx(162, DPI));
  const band = { width: page!.width, height: Math.round(ptToPx(198, DPI)), gray: page!.gray.subarray(top * page!.width, (top + Math.round(ptToPx(198, DPI))) * page!.width) };
  return decodeDataMatrixPng(grayToPng(band)).map((s) => ({ x: s.position.x, y: top + s.position.y, width: s.position.width }));
}

// Centre of the dark run nearest `around` along a row (horizontal) or a column (vertical) of the page.
function lineCentre(page: GrayImage, fixed: number, around: number, vertical: boolean): number {
  let sum = 0;
  let weight = 0;
  for (let t = Math.round(around) - 60; t <= Math.round(around) + 60; t++) {
    const i = vertical ? Math.round(fixed) * page.width + t : t * page.width + Math.round(fixed);
    const ink = 255 - page.gray[i]!;
    if (ink < 40) continue;
    sum += (t + 0.5) * ink;
    weight += ink;
  }
  return sum / weight;
}

// Where the crosshair near `expected` (points) was printed, in points, measured on the raster.
function measureCrosshair(page: GrayImage, expected: Point): Point {
  const px = { x: ptToPx(expected.x, DPI), y: ptToPx(expected.y, DPI) };
  // A row 10 px below the centre meets only the vertical arm; a column 10 px left of it only the horizontal arm.
  const x = lineCentre(page, px.y + 10, px.x, true);
  const y = lineCentre(page, px.x - 10, px.y, false);
  return { x: (x * 72) / DPI, y: (y * 72) / DPI };
}

describe.runIf(pdftoppmAvailable)('calibration at 300 dpi', () => {
  it('an offset of 7.2 pt right and 4.8 pt up moves every symbol 30 px right and 20 px up', async () => {
    const plain = await symbolCorners();
    const moved = await symbolCorners({ dxPt: 7.2, dyPt: -4.8, scale: 1 });
    expect(plain).toHaveLength(4);
    expect(moved).toHaveLength(4);
    moved.forEach((m, i) => {
      expect(m.x - plain[i]!.x).toBeCloseTo(30, 0);
      expect(m.y - plain[i]!.y).toBeCloseTo(-20, 0);
      expect(m.width).toBeCloseTo(plain[i]!.width, 0);
    });
  });

  it('a scale of 1.02 scales positions from the top-left corner and sizes alike', async () => {
    const plain = await symbolCorners();
    const scaled = await symbolCorners({ dxPt: 0, dyPt: 0, scale: 1.02 });
    expect([plain.length, scaled.length]).toEqual([4, 4]);
    scaled.forEach((s, i) => {
      expect(Math.abs(s.x - 1.02 * plain[i]!.x)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(s.y - 1.02 * plain[i]!.y)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(s.width - 1.02 * plain[i]!.width)).toBeLessThanOrEqual(1.5);
    });
  });

  it('the calibration page puts its crosshairs at their targets, and measuring a shifted print gives the correction back', async () => {
    const layout = LAYOUTS['address-30up']!;
    const targets = calibrationTargets(layout.widthPt, layout.heightPt);
    const [straight] = rasterizePdf(await renderPdf(composeCalibrationPage(layout)), DPI);
    for (const target of [targets.a, targets.b]) {
      const got = measureCrosshair(straight!, target);
      expect(Math.abs(got.x - target.x)).toBeLessThan(0.1);
      expect(Math.abs(got.y - target.y)).toBeLessThan(0.1);
    }
    // Stand in for a printer that shifts by (3.6, -2.4) pt and scales by 1.01: render through it and measure.
    const printer: Calibration = { dxPt: 3.6, dyPt: -2.4, scale: 1.01 };
    const [skewed] = rasterizePdf(await renderPdf(composeCalibrationPage(layout, printer)), DPI);
    const measuredA = measureCrosshair(skewed!, { x: 1.01 * targets.a.x + 3.6, y: 1.01 * targets.a.y - 2.4 });
    const measuredB = measureCrosshair(skewed!, { x: 1.01 * targets.b.x + 3.6, y: 1.01 * targets.b.y - 2.4 });
    const correction = calibrationFromMeasurements({ expectedA: targets.a, expectedB: targets.b, measuredA, measuredB });
    // The inverse of p ↦ 1.01·p + (3.6, -2.4) is p ↦ p/1.01 − (3.6, -2.4)/1.01.
    expect(correction.scale).toBeCloseTo(1 / 1.01, 3);
    expect(correction.dxPt).toBeCloseTo(-3.6 / 1.01, 1);
    expect(correction.dyPt).toBeCloseTo(2.4 / 1.01, 1);
  });

  it('the square of the calibration page is one inch (300 px) on each side', async () => {
    const layout = LAYOUTS['thermal-4x6']!;
    const { square } = calibrationTargets(layout.widthPt, layout.heightPt);
    expect(square.width).toBe(72);
    const [page] = rasterizePdf(await renderPdf(composeCalibrationPage(layout)), DPI);
    const midY = ptToPx(square.y + square.height / 2, DPI);
    const left = lineCentre(page!, midY, ptToPx(square.x, DPI), true);
    const right = lineCentre(page!, midY, ptToPx(square.x + square.width, DPI), true);
    // The 0.5 pt strokes lie inside the box's outer edges, so their centres are 72 - 0.5 pt apart.
    expect(right - left).toBeCloseTo(ptToPx(72 - 0.5, DPI), 0);
  });
});
