/** Printing indicia on real media: layouts, the human-readable block, calibration, and PDF, PNG, SVG and ZPL output. */
export { inches, mm, ptToMm, ptToPx, PT_PER_INCH, MM_PER_INCH, type Rect } from './geometry.js';
export {
  LAYOUTS,
  layoutNames,
  resolveLayout,
  validateLayout,
  gridSlots,
  isSheet,
  findSlot,
  type Layout,
  type Slot,
  type SheetGrid,
  type Margins,
  type IndiciumStyle,
  type AddressAreas,
} from './layouts.js';
export {
  indiciumLines,
  placeIndicium,
  MIN_MODULE_MM,
  MIN_FONT_PT,
  QUIET_ZONE_MODULES,
  INDICIUM_SYMBOL_MODULES,
  type IndiciumLine,
  type IndiciumPlacement,
  type SymbolPlacement,
} from './indicium-block.js';
export { assignSlots, MAX_JOB_ITEMS, type PrintJob, type PrintItem, type Addresses, type SlotAssignment } from './print-job.js';
export { validateAddresses, MAX_ADDRESS_LINES, MAX_ADDRESS_LINE_CHARS } from './addresses.js';
export { composePrintJob } from './compose.js';
export type { PrintDocument, PageDrawing, DrawElement, SymbolElement, TextElement, BoxElement, PlacedIndicium } from './page-drawing.js';
export {
  IDENTITY_CALIBRATION,
  CALIBRATION_LIMITS,
  validateCalibration,
  applyCalibration,
  pdfCalibrationMatrix,
  calibrationFromMeasurements,
  type Calibration,
  type CalibrationMeasurements,
  type Point,
} from './calibration.js';
export { saveCalibration, loadCalibration, calibrationPath, defaultCalibrationDir, CALIBRATION_FILE_VERSION } from './calibration-store.js';
export { composeCalibrationPage, calibrationTargets, type CalibrationTargets } from './calibration-page.js';
export { renderPdf, type PdfRenderOptions } from './render-pdf.js';
export { renderPng, type PngRenderOptions } from './render-png.js';
export { renderSvg } from './render-svg.js';
export { renderZpl, graphicField, type ZplRenderOptions, type ZplDotsPerMm } from './render-zpl.js';
export { zplDataMatrixField, zplTextField, decodeZplHexField, undoDataMatrixEscapes, ZPL_HEX_INDICATOR, ZPL_BX_ESCAPE } from './zpl-fields.js';
export { helveticaMeasure, isPrintableText, type TextMeasure } from './text-metrics.js';
