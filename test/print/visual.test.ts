// Each layout's page compared with its reviewed reference image (test/print/reference/, written by
// write-references.ts and looked at before it was committed). The comparison forgives anti-aliasing
// but not geometry: the same job moved by 1 mm, by calibration, must fail it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grayFromPng, type GrayImage } from '../../src/barcode/index.js';
import { composeCalibrationPage, composePrintJob, mm, renderPdf, type Calibration, type PrintJob } from '../../src/print/index.js';
import { compareImages, imagesMatch, MISMATCH_LIMIT, REFERENCE_DPI } from './image-compare.js';
import { pdftoppmAvailable, rasterizePdf } from './print-fixture.js';
import { REFERENCE_JOBS, referencePath } from './reference-jobs.js';

async function firstPage(job: PrintJob, calibration?: Calibration): Promise<GrayImage> {
  const pdf = await renderPdf(composePrintJob(calibration ? { ...job, calibration } : job));
  return rasterizePdf(pdf, REFERENCE_DPI)[0]!;
}

const reference = (name: string): GrayImage => grayFromPng(readFileSync(referencePath(name)));

describe.runIf(pdftoppmAvailable)('pages match their reviewed reference images', () => {
  it.each(Object.keys(REFERENCE_JOBS))('%s matches, and a 0.1 mm nudge (anti-aliasing only) still matches', async (name) => {
    const job = REFERENCE_JOBS[name]!;
    const diff = compareImages(reference(name), await firstPage(job));
    expect(diff.sameSize).toBe(true);
    expect(diff.ratio).toBeLessThanOrEqual(MISMATCH_LIMIT);
    for (const nudge of [{ dxPt: mm(0.1), dyPt: 0, scale: 1 }, { dxPt: 0, dyPt: mm(0.1), scale: 1 }]) {
      expect(imagesMatch(compareImages(reference(name), await firstPage(job, nudge)))).toBe(true);
    }
  });

  it.each(Object.keys(REFERENCE_JOBS))('%s moved by 1 mm right, left, up or down fails the comparison', async (name) => {
    const job = REFERENCE_JOBS[name]!;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const diff = compareImages(reference(name), await firstPage(job, { dxPt: mm(dx), dyPt: mm(dy), scale: 1 }));
      expect(imagesMatch(diff), `${dx} mm, ${dy} mm: ratio ${diff.ratio}`).toBe(false);
      // Far beyond the limit, not just over it.
      expect(diff.ratio).toBeGreaterThan(5 * MISMATCH_LIMIT);
    }
  });

  it('the calibration test page of a Letter sheet matches its reference', async () => {
    const page = rasterizePdf(await renderPdf(composeCalibrationPage('address-30up')), REFERENCE_DPI)[0]!;
    expect(imagesMatch(compareImages(reference('calibration-letter'), page))).toBe(true);
  });

  it('an image of another size never matches', async () => {
    const diff = compareImages(reference('single-label'), await firstPage(REFERENCE_JOBS['thermal-4x6']!));
    expect(diff.sameSize).toBe(false);
    expect(imagesMatch(diff)).toBe(false);
  });
});
