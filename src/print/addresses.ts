// Return and delivery addresses on envelopes and shipping labels: validated, then fitted into the
// layout's address areas. The return address sits at the top-left of its area; the delivery address
// block is centred in its area with its lines left-aligned, as postal guidance asks.
import { AppError } from '../errors/app-error.js';
import type { Rect } from './geometry.js';
import type { Layout } from './layouts.js';
import type { TextElement } from './page-drawing.js';
import type { Addresses } from './print-job.js';
import { fitText, positionText, type FontRange, type PositionedText } from './text-fit.js';
import { checkPrintableText, type TextMeasure } from './text-metrics.js';

/** Most lines in one address. */
export const MAX_ADDRESS_LINES = 6;
/** Most characters in one address line. */
export const MAX_ADDRESS_LINE_CHARS = 60;

const RETURN_FONT: FontRange = { maxPt: 9, minPt: 6 };
const DELIVERY_FONT: FontRange = { maxPt: 12, minPt: 7 };

/** Checks both addresses (PRINT_ADDRESS_INVALID) and returns them with trailing spaces removed. */
export function validateAddresses(addresses: Addresses): Addresses {
  const check = (lines: readonly string[] | undefined, what: string): string[] | undefined => {
    if (lines === undefined) return undefined;
    if (!Array.isArray(lines) || lines.length === 0 || lines.length > MAX_ADDRESS_LINES) {
      throw new AppError('PRINT_ADDRESS_INVALID', `The ${what} must have 1 to ${MAX_ADDRESS_LINES} lines`, { what });
    }
    return lines.map((line, i) => {
      checkPrintableText(line, `Line ${i + 1} of the ${what}`);
      const trimmed = line.trimEnd();
      if (trimmed.length > MAX_ADDRESS_LINE_CHARS) {
        throw new AppError('PRINT_ADDRESS_INVALID', `Line ${i + 1} of the ${what} has ${trimmed.length} characters, more than ${MAX_ADDRESS_LINE_CHARS}`, { what, line: i + 1 });
      }
      return trimmed;
    });
  };
  const returnAddress = check(addresses.returnAddress, 'return address');
  const delivery = check(addresses.delivery, 'delivery address');
  return { ...(returnAddress ? { returnAddress } : {}), ...(delivery ? { delivery } : {}) };
}

/** The text of both addresses placed in the layout's address areas (PRINT_ADDRESS_INVALID when one does not fit). */
export function addressElements(layout: Layout, addresses: Addresses, measure: TextMeasure): TextElement[] {
  const areas = layout.addressAreas;
  if (areas === undefined) {
    throw new AppError('PRINT_JOB_INVALID', `Layout ${layout.name} has no place for addresses`, { layout: layout.name });
  }
  const valid = validateAddresses(addresses);
  const out: PositionedText[] = [];
  if (valid.returnAddress) out.push(...placeBlock(valid.returnAddress, areas.returnAddress, RETURN_FONT, false, 'return address', measure));
  if (valid.delivery) out.push(...placeBlock(valid.delivery, areas.delivery, DELIVERY_FONT, true, 'delivery address', measure));
  return out.map((t) => ({ kind: 'text', text: t.text, x: t.x, baseline: t.baseline, sizePt: t.sizePt, bold: t.bold }));
}

function placeBlock(lines: readonly string[], area: Rect, range: FontRange, centred: boolean, what: string, measure: TextMeasure): PositionedText[] {
  const fitted = fitText(lines.map((text) => ({ text, bold: false })), area, range, measure);
  if (fitted === undefined) {
    throw new AppError('PRINT_ADDRESS_INVALID', `The ${what} does not fit its area at ${range.minPt} pt; shorten its lines`, { what });
  }
  const x = centred ? area.x + (area.width - fitted.widthPt) / 2 : area.x;
  const top = centred ? area.y + (area.height - fitted.heightPt) / 2 : area.y;
  return positionText(fitted, x, top);
}
