// Typed values out of a stamp as the API shows it.
import type { Mills } from '../core/money.js';
import type { Stamp } from './types.js';

/** The stamp's 117 indicium bytes (what its Data Matrix symbol carries). */
export function stampBytes(stamp: Pick<Stamp, 'indicium'>): Buffer {
  return Buffer.from(stamp.indicium, 'base64');
}

/** The stamp's postage in mills. */
export function stampPostageMills(stamp: Pick<Stamp, 'fields'>): Mills {
  return BigInt(stamp.fields.postage);
}
