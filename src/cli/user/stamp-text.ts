// How the user verbs show stamps as text.
import type { Stamp } from '../../client/index.js';
import { describeMedium } from '../../core/media-serial.js';

/** One line per stamp: id, then the printed lines of spec §6 (postage, date, category, origin). */
export function stampLine(stamp: Stamp): string {
  return `${stamp.id}  ${stamp.humanReadable.slice(0, 4).join('  ')}`;
}

/** Every particular of one stamp, a line each. */
export function stampDetails(stamp: Stamp): string {
  const f = stamp.fields;
  return [
    `id            ${stamp.id}`,
    `purchase      ${stamp.purchaseId}`,
    `dispensed at  ${stamp.dispensedAt}`,
    ...stamp.humanReadable.map((line, i) => `${i === 0 ? 'printed lines' : '             '} ${line}`),
    `medium        ${describeMedium(BigInt(f.medium))}`,
    `piece count   ${f.pieceCount} of PSD ${f.psdId}, certificate ${f.certificateSerial}`,
    `registers     ascending ${f.ascendingRegister}, descending ${f.descendingRegister} (mills)`,
    `indicium      ${stamp.indicium}`,
  ].join('\n');
}
