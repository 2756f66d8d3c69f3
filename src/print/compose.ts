// Composing a print job into pages of elements: each indicium's symbol and human-readable block in
// its slot, and the addresses where the layout has room for them. Pure; renderers draw the result.
import { dataMatrixModules } from '../barcode/datamatrix-encode.js';
import { AppError } from '../errors/app-error.js';
import { addressElements } from './addresses.js';
import { IDENTITY_CALIBRATION, validateCalibration } from './calibration.js';
import { indiciumLines, placeIndicium } from './indicium-block.js';
import { findSlot, resolveLayout, type Layout } from './layouts.js';
import type { DrawElement, PageDrawing, PlacedIndicium, PrintDocument, SymbolElement } from './page-drawing.js';
import { assignSlots, type PrintJob } from './print-job.js';
import { helveticaMeasure, type TextMeasure } from './text-metrics.js';

/**
 * Turns a job into a document: slots assigned (see assignSlots), every symbol and text placed, the
 * calibration validated. `measure` is the text measure, Helvetica's by default.
 */
export function composePrintJob(job: PrintJob, measure: TextMeasure = helveticaMeasure): PrintDocument {
  const layout = resolveLayout(job.layout);
  const calibration = validateCalibration(job.calibration ?? IDENTITY_CALIBRATION);
  const withAddresses = job.addresses !== undefined || job.items.some((i) => i.addresses !== undefined);
  if (withAddresses && layout.addressAreas === undefined) {
    throw new AppError('PRINT_JOB_INVALID', `Layout ${layout.name} has no place for addresses; use envelope-10 or thermal-4x6`, { layout: layout.name });
  }
  const assignments = assignSlots(layout, job);
  const pageCount = Math.max(...assignments.map((a) => a.page)) + 1;
  const elements: DrawElement[][] = Array.from({ length: pageCount }, () => []);
  const placements: PlacedIndicium[] = [];
  for (const a of assignments) {
    const item = job.items[a.itemIndex]!;
    const slotRect = findSlot(layout, a.slot)!;
    const placed = placeIndicium(slotRect, indiciumLines(a.fields), layout.indicium, measure);
    const bytes = Buffer.from(item.indicium);
    const symbol: SymbolElement = {
      kind: 'symbol',
      bytes,
      modules: dataMatrixModules(bytes),
      x: placed.symbol.x,
      y: placed.symbol.y,
      moduleSizePt: placed.symbol.moduleSizePt,
      quietZoneModules: placed.symbol.quietZoneModules,
    };
    const page = elements[a.page]!;
    page.push(symbol);
    for (const t of placed.text) page.push({ kind: 'text', text: t.text, x: t.x, baseline: t.baseline, sizePt: t.sizePt, bold: t.bold });
    const addresses = item.addresses ?? job.addresses;
    if (addresses !== undefined) page.push(...addressElements(layout, addresses, measure));
    placements.push({ itemIndex: a.itemIndex, page: a.page, slot: a.slot, slotRect: { x: slotRect.x, y: slotRect.y, width: slotRect.width, height: slotRect.height }, symbol });
  }
  return {
    layoutName: layout.name,
    pages: elements.map((els) => pageOf(layout, els)),
    calibration,
    placements,
  };
}

function pageOf(layout: Layout, elements: readonly DrawElement[]): PageDrawing {
  return { widthPt: layout.widthPt, heightPt: layout.heightPt, elements };
}
