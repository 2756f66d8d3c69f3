// Before the web server stores and hands out what a processing server dispensed, it checks that each
// indicium decodes and says what was asked: the right postage, date, ZIPs, rate category, medium and
// the vendor's license, from the PSD and piece count the server reported. A mismatch is a fault of
// that server, never something to pass to a user.
import { decodeIndicium } from '../core/indicium/codec.js';
import type { IndiciumFields } from '../core/indicium/fields.js';
import type { DispenseItem, DispensedStamp } from '../internal-api/dispense-contract.js';

/** A dispensed stamp checked against what was asked: its bytes and fields when they decode, and every mismatch. */
export interface CheckedStamp {
  /** The 117 indicium bytes. */
  readonly indicium: Buffer;
  /** The decoded fields; undefined when the indicium does not decode. */
  readonly fields: IndiciumFields | undefined;
  /** Every way the stamp differs from the item (empty when it matches). */
  readonly problems: readonly string[];
}

/** Decodes the stamp's indicium once and compares it with `item`; the caller keeps the bytes and fields. */
export function checkDispensed(item: DispenseItem, stamp: DispensedStamp, licenseNumber: number): CheckedStamp {
  const indicium = Buffer.from(stamp.indicium, 'base64');
  let fields: IndiciumFields;
  try {
    fields = decodeIndicium(indicium).fields;
  } catch (err) {
    return { indicium, fields: undefined, problems: [`the indicium of ${item.requestId} does not decode: ${(err as Error).message}`] };
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
  const problems = expected.filter(([, got, want]) => got !== want).map(([name, got, want]) => `${item.requestId} ${name} is ${String(got)}, expected ${String(want)}`);
  return { indicium, fields, problems };
}
