// ZIP and ZIP+4 codes are packed as zip5 * 10000 + plus4 in four bytes (spec §1); plus4 = 0 when
// unknown and the whole value 0 when no ZIP is given. Leading zeros (ZIP 01234) survive the packing.
import { AppError } from '../errors/app-error.js';

/** The largest packed ZIP+4: 99999-9999. */
export const MAX_PACKED_ZIP = 999_999_999;

const ZIP = /^(\d{5})(?:-?(\d{4}))?$/;

/** Parses "94107", "94107-0001" or "941070001" into `zip5 * 10000 + plus4`; ZIP_INVALID otherwise. */
export function parseZip(text: string): number {
  const match = typeof text === 'string' ? ZIP.exec(text.trim()) : null;
  const zip5 = match === null ? 0 : Number(match[1]);
  // ZIP 00000 does not exist, and its packed form would collide with 0 = "not given".
  if (match === null || zip5 === 0) {
    throw new AppError('ZIP_INVALID', `${JSON.stringify(text)} is not a ZIP or ZIP+4 code`, { value: String(text) });
  }
  return zip5 * 10_000 + Number(match[2] ?? '0');
}

/** Like parseZip, but an absent or blank value gives 0 ("not given"). */
export function parseOptionalZip(text: string | null | undefined): number {
  if (text === null || text === undefined || text.trim() === '') return 0;
  return parseZip(text);
}

/** Formats a packed ZIP+4 as "94107-0001", or "94107" when plus4 is 0; 0 ("not given") gives "". */
export function formatZip(packed: number): string {
  if (packed === 0) return '';
  if (!Number.isInteger(packed) || packed < 10_000 || packed > MAX_PACKED_ZIP) {
    throw new AppError('ZIP_INVALID', `${packed} is not a packed ZIP+4 (zip5 * 10000 + plus4)`, { value: packed });
  }
  const zip5 = String(Math.floor(packed / 10_000)).padStart(5, '0');
  const plus4 = packed % 10_000;
  return plus4 === 0 ? zip5 : `${zip5}-${String(plus4).padStart(4, '0')}`;
}
