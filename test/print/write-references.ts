// Writes the reference images of test/print/reference/ from REFERENCE_JOBS (and the calibration page
// of a Letter sheet), rasterised by pdftoppm at REFERENCE_DPI. Every image must be looked at before it
// is committed: the visual test only proves that nothing moved since then.
import { writeFileSync } from 'node:fs';
import { grayToPng } from '../../src/barcode/barcode-test-support.js';
import { composeCalibrationPage, composePrintJob, renderPdf } from '../../src/print/index.js';
import { REFERENCE_DPI } from './image-compare.js';
import { rasterizePdf } from './print-fixture.js';
import { REFERENCE_JOBS, referencePath } from './reference-jobs.js';

for (const [name, job] of Object.entries(REFERENCE_JOBS)) {
  const [page] = rasterizePdf(await renderPdf(composePrintJob(job)), REFERENCE_DPI);
  writeFileSync(referencePath(name), grayToPng(page!));
  console.log(`wrote ${referencePath(name).pathname}`);
}
const [calibration] = rasterizePdf(await renderPdf(composeCalibrationPage('address-30up')), REFERENCE_DPI);
writeFileSync(referencePath('calibration-letter'), grayToPng(calibration!));
console.log(`wrote ${referencePath('calibration-letter').pathname}`);
