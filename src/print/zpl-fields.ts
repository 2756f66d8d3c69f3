// ZPL field data escaping. With ^FH every byte can be written as the indicator and two hex digits, so
// field data never holds the ^ and ~ command prefixes, bytes above 0x7E, or control bytes. A Data Matrix
// field (^BX quality 200) is processed for escape sequences after the hex step; the escape character
// itself is written twice, so a byte equal to it is hex-escaped twice.
import { AppError } from '../errors/app-error.js';

/** The ^FH hex indicator used throughout (ZPL's default). */
export const ZPL_HEX_INDICATOR = '_';
/** The ^BX escape-sequence character set explicitly (firmware defaults differ between _ and ~). */
export const ZPL_BX_ESCAPE = '_';

function hexByte(byte: number): string {
  return `${ZPL_HEX_INDICATOR}${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** ^FD data for ^BX quality 200: every byte hex-escaped, the escape character's byte doubled. */
export function zplDataMatrixField(bytes: Uint8Array): string {
  const escape = ZPL_BX_ESCAPE.charCodeAt(0);
  return Array.from(bytes, (b) => (b === escape ? hexByte(b) + hexByte(b) : hexByte(b))).join('');
}

/** ^FD data for text: printable ASCII as it is; ^, ~, the indicator and Latin-1 letters hex-escaped (code page 1252, ^CI27). */
export function zplTextField(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const plain = code >= 0x20 && code <= 0x7d && ch !== '^' && ch !== ZPL_HEX_INDICATOR;
    out += plain ? ch : hexByte(code);
  }
  return out;
}

/** Undoes ^FH: the indicator and two hex digits become that byte; other characters stand for themselves. */
export function decodeZplHexField(field: string, indicator = ZPL_HEX_INDICATOR): Buffer {
  const out: number[] = [];
  for (let i = 0; i < field.length; i++) {
    if (field[i] === indicator && /^[0-9A-Fa-f]{2}$/.test(field.slice(i + 1, i + 3))) {
      out.push(parseInt(field.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(field.charCodeAt(i));
    }
  }
  return Buffer.from(out);
}

/** Undoes ^BX's escape doubling: two escape characters are one data byte (other sequences are not produced here). */
export function undoDataMatrixEscapes(data: Uint8Array, escape = ZPL_BX_ESCAPE): Buffer {
  const e = escape.charCodeAt(0);
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    out.push(data[i]!);
    if (data[i] === e) {
      if (data[i + 1] !== e) throw new AppError('INVALID_ARGUMENT', `A lone escape character stands at byte ${i} of the Data Matrix field`, { offset: i });
      i++;
    }
  }
  return Buffer.from(out);
}
