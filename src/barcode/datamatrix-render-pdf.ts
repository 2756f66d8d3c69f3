/** Drawing a Data Matrix symbol on a pdf-lib page as vector rectangles, for printed labels. */
import { rgb, type PDFPage } from 'pdf-lib';
import { AppError } from '../errors/app-error.js';
import { modulesPath } from './datamatrix-render-svg.js';

/** Where and how large to draw, in PDF points (1/72 in), origin at the page's bottom-left. */
export interface PdfDrawOptions {
  /** Left edge of the symbol's modules (the quiet zone lies outside). */
  readonly x: number;
  /** Bottom edge of the symbol's modules. */
  readonly y: number;
  /** Side of one module in points. */
  readonly moduleSizePt: number;
  /** Light modules painted white around the symbol; 1 by default, 0 when the caller guarantees white. */
  readonly quietZoneModules?: number;
}

/** Draws the modules (true = dark) on `page`: a white quiet zone, then one filled path of dark rectangles. */
export function drawDataMatrixOnPdfPage(page: PDFPage, modules: readonly (readonly boolean[])[], options: PdfDrawOptions): void {
  const { x, y, moduleSizePt: m } = options;
  const quiet = options.quietZoneModules ?? 1;
  if (!(m > 0) || !Number.isInteger(quiet) || quiet < 0) {
    throw new AppError('INVALID_ARGUMENT', 'moduleSizePt must be positive and quietZoneModules a whole number from 0', { ...options });
  }
  const rows = modules.length;
  const cols = modules[0]?.length ?? 0;
  if (quiet > 0) {
    page.drawRectangle({ x: x - quiet * m, y: y - quiet * m, width: (cols + 2 * quiet) * m, height: (rows + 2 * quiet) * m, color: rgb(1, 1, 1) });
  }
  // drawSvgPath puts the path's origin at (x, y) with y pointing down, so start from the top edge.
  page.drawSvgPath(modulesPath(modules), { x, y: y + rows * m, scale: m, color: rgb(0, 0, 0) });
}
