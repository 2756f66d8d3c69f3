// Money in the history's views and exports: decimal dollars with exactly three decimals (every mill shown),
// so that the JSON views and the CSV files print one amount the same way and a spreadsheet sums exactly.
import type { Mills } from '../core/money.js';

/** `740n` → "0.740", `12345n` → "12.345"; negative amounts keep their sign. */
export function dollarsWithMills(mills: Mills): string {
  const sign = mills < 0n ? '-' : '';
  const abs = mills < 0n ? -mills : mills;
  return `${sign}${abs / 1000n}.${(abs % 1000n).toString().padStart(3, '0')}`;
}
