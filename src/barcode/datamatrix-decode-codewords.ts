/**
 * Turns corrected ECC 200 data codewords into bytes: ASCII mode (with digit pairs, upper shift, macros,
 * ECI designators skipped) and Base 256 mode here, C40, Text, X12 and EDIFACT in the text-modes file.
 */
import { AppError } from '../errors/app-error.js';
import { decodeC40Like, decodeEdifact, type ModeOutput } from './datamatrix-decode-text-modes.js';

/** Undoes the 255-state randomisation of a Base 256 codeword at 1-based symbol position p. */
export function unrandomize255(v: number, p: number): number {
  const t = v - (((149 * p) % 255) + 1);
  return t >= 0 ? t : t + 256;
}

function unreadable(detail: string, at: number): never {
  throw new AppError('BARCODE_UNREADABLE', detail, { codewordIndex: at });
}

/** Decodes one Base 256 segment whose length codeword is at index i; returns the index after it. */
function decodeBase256(cw: Uint8Array, i: number, out: ModeOutput): number {
  if (i >= cw.length) unreadable('A Base 256 latch ends the symbol', i);
  const d1 = unrandomize255(cw[i]!, i + 1);
  i++;
  let count: number;
  // Length 0 means "to the end of the symbol"; 250 and up take a second length codeword.
  if (d1 === 0) count = cw.length - i;
  else if (d1 < 250) count = d1;
  else {
    if (i >= cw.length) unreadable('A Base 256 length is cut short', i);
    count = (d1 - 249) * 250 + unrandomize255(cw[i]!, i + 1);
    i++;
  }
  if (i + count > cw.length) unreadable(`A Base 256 field announces ${count} bytes but the symbol holds fewer`, i);
  for (let k = 0; k < count; k++, i++) out.bytes.push(unrandomize255(cw[i]!, i + 1));
  return i;
}

const MACRO_HEADER: Readonly<Record<number, string>> = { 236: '[)>\u001e05\u001d', 237: '[)>\u001e06\u001d' };
const MACRO_TRAILER = '\u001e\u0004';

/** Skips the one to three codewords of an ECI designator starting at index i; returns the next index. */
function skipEci(cw: Uint8Array, i: number): number {
  const first = cw[i] ?? 0;
  return i + (first <= 127 ? 1 : first <= 191 ? 2 : 3);
}

/** Decodes one ASCII-mode codeword at index i (already known not to end the data); returns the next index. */
function decodeAsciiCodeword(cw: Uint8Array, i: number, out: ModeOutput, trailer: { text: string }): number {
  const v = cw[i]!;
  i++;
  if (v >= 1 && v <= 128) {
    out.bytes.push(v - 1 + (out.upperShift ? 128 : 0));
    out.upperShift = false;
  } else if (v >= 130 && v <= 229) {
    const pair = v - 130;
    out.bytes.push(48 + Math.floor(pair / 10), 48 + (pair % 10));
  } else if (v === 230 || v === 238 || v === 239) {
    return decodeC40Like(cw, i, out, v === 230 ? 'c40' : v === 239 ? 'text' : 'x12');
  } else if (v === 231) {
    return decodeBase256(cw, i, out);
  } else if (v === 240) {
    return decodeEdifact(cw, i, out);
  } else if (v === 232) {
    out.bytes.push(0x1d); // FNC1 reads as the GS separator
  } else if (v === 235) {
    out.upperShift = true;
  } else if (v === 236 || v === 237) {
    for (const ch of MACRO_HEADER[v]!) out.bytes.push(ch.charCodeAt(0));
    trailer.text = MACRO_TRAILER;
  } else if (v === 241) {
    return skipEci(cw, i);
  } else if (v === 233) {
    return i + 3; // structured append: symbol sequence and file id, not part of the data
  } else if (v !== 234) {
    unreadable(`Codeword ${v} is not valid in ASCII mode`, i - 1);
  }
  return i;
}

/** The bytes that a symbol's data codewords (padding included) encode. */
export function decodeDataCodewords(cw: Uint8Array): Buffer {
  const out: ModeOutput = { bytes: [], upperShift: false };
  const trailer = { text: '' };
  let i = 0;
  // Pad codeword 129 in ASCII mode ends the data; every other mode returns to ASCII when it ends.
  while (i < cw.length && cw[i] !== 129) i = decodeAsciiCodeword(cw, i, out, trailer);
  for (const ch of trailer.text) out.bytes.push(ch.charCodeAt(0));
  return Buffer.from(out.bytes);
}
