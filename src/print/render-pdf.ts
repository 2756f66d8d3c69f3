// PDF output with pdf-lib: vector Data Matrix symbols, Helvetica text, exact page sizes, and the
// printer calibration applied as one transformation matrix around everything drawn on a page.
import { concatTransformationMatrix, PDFDocument, popGraphicsState, pushGraphicsState, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawDataMatrixOnPdfPage } from '../barcode/datamatrix-render-pdf.js';
import { pdfCalibrationMatrix } from './calibration.js';
import type { DrawElement, PrintDocument } from './page-drawing.js';

/** Options of the PDF output. */
export interface PdfRenderOptions {
  /** Document title shown by PDF viewers; "Indicia" by default. */
  readonly title?: string;
  /** Creation and modification date written into the PDF; fixed to 2000-01-01 when not given, for reproducible files. */
  readonly date?: Date;
}

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

/** Renders the document as a PDF, one page per page, every element in vector form. */
export async function renderPdf(doc: PrintDocument, options: PdfRenderOptions = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const date = options.date ?? new Date(Date.UTC(2000, 0, 1));
  pdf.setTitle(options.title ?? 'Indicia');
  pdf.setCreator('indicia');
  pdf.setProducer('indicia (pdf-lib)');
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);
  const fonts: Fonts = { regular: pdf.embedStandardFont(StandardFonts.Helvetica), bold: pdf.embedStandardFont(StandardFonts.HelveticaBold) };
  for (const drawing of doc.pages) {
    const page = pdf.addPage([drawing.widthPt, drawing.heightPt]);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...pdfCalibrationMatrix(doc.calibration, drawing.heightPt)));
    for (const element of drawing.elements) drawElement(page, element, fonts, drawing.heightPt);
    page.pushOperators(popGraphicsState());
  }
  return pdf.save({ useObjectStreams: false });
}

// Elements are in top-left coordinates with y down; PDF's origin is the bottom-left with y up.
function drawElement(page: PDFPage, element: DrawElement, fonts: Fonts, heightPt: number): void {
  const black = rgb(0, 0, 0);
  switch (element.kind) {
    case 'symbol': {
      const rows = element.modules.length;
      drawDataMatrixOnPdfPage(page, element.modules, {
        x: element.x,
        y: heightPt - element.y - rows * element.moduleSizePt,
        moduleSizePt: element.moduleSizePt,
        quietZoneModules: element.quietZoneModules,
      });
      return;
    }
    case 'text':
      page.drawText(element.text, { x: element.x, y: heightPt - element.baseline, size: element.sizePt, font: element.bold ? fonts.bold : fonts.regular, color: black });
      return;
    case 'box': {
      const y = heightPt - element.y - element.height;
      if (element.strokePt === undefined) {
        page.drawRectangle({ x: element.x, y, width: element.width, height: element.height, color: black });
        return;
      }
      // Keep the stroke inside the box's edges, so that a box's outer size is what was asked for.
      const s = element.strokePt;
      page.drawRectangle({ x: element.x + s / 2, y: y + s / 2, width: element.width - s, height: element.height - s, borderColor: black, borderWidth: s });
      return;
    }
  }
}
