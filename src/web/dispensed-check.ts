// Before the web server stores and hands out what a processing server dispensed, it checks that each
// indicium decodes and says what was asked: the right postage, date, ZIPs, rate category, medium and
// the vendor's license, from the PSD and piece count the server reported. A mismatch is a fault of
// that server, never something to pass to a user.
import { decodeIndicium } from '../core/indicium/codec.js';
import type { DispenseItem, DispensedStamp } from '../internal-api/dispense-contract.js';

/** Describes every way `stamp` differs from `item` (empty when it matches). */
export function dispensedMismatches(item: DispenseItem, stamp: DispensedStamp, licenseNumber: number): string[] {
  let fields;
  try {
    fields = decodeIndicium(Buffer.from(stamp.indicium, 'base64')).fields;
  } catch (err) {
    return [`the indicium of ${item.requestId} does not decode: ${(err as Error).message}`];
  }
  const expected: ReadonlyArray<readonly [string, unknown, unknown]> = [
    ['requestId', stamp.requestId, item.requestId],
    ['licenseNumber', fields.licenseNumber, licenseNumber],
    ['psdId', fields.psdId, stamp.psdId],
    ['pieceCount', fields.pieceCount, stamp.pieceCount],
    ['postage', fields.postage.toString(), item.postage],
    ['dateOfMailing', fields.dateOfMailing, item.dateOfMailing],
    ['originZip', fields.originZip, item.originZip],
    ['destinationZip', fields.destinationZip, item.destinationZip],
    ['rateCategory', fields.rateCategory, item.rateCategory],
    ['medium', fields.medium.toString(), item.medium],
  ];
  return expected.filter(([, got, want]) => got !== want).map(([name, got, want]) => `${item.requestId} ${name} is ${String(got)}, expected ${String(want)}`);
}
