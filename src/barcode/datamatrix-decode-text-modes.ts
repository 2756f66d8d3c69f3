/**
 * The character-oriented ECC 200 modes: C40 and Text (three values per codeword pair, with shift
 * sets), ANSI X12 (three values per pair, no shifts) and EDIFACT (four 6-bit values per three codewords).
 */
import { AppError } from '../errors/app-error.js';

/** Decoded bytes so far and whether an upper shift (add 128 to the next character) is pending. */
export interface ModeOutput {
  readonly bytes: number[];
  upperShift: boolean;
}

const UNLATCH = 254;

function push(out: ModeOutput, code: number): void {
  out.bytes.push(code + (out.upperShift ? 128 : 0));
  out.upperShift = false;
}

function invalid(mode: string, value: number): never {
  throw new AppError('BARCODE_UNREADABLE', `Value ${value} is not valid in ${mode} mode`, { mode, value });
}

/** The second shift set, shared by C40 and Text. */
function shift2(out: ModeOutput, u: number): void {
  if (u <= 14) push(out, 33 + u);
  else if (u <= 21) push(out, 58 + u - 15);
  else if (u <= 26) push(out, 91 + u - 22);
  else if (u === 27) push(out, 0x1d); // FNC1
  else if (u === 30) out.upperShift = true;
  else invalid('C40/Text shift 2', u);
}

function shift3(out: ModeOutput, u: number, text: boolean): void {
  if (!text) push(out, 96 + u);
  else if (u === 0) push(out, 96);
  else if (u <= 26) push(out, 64 + u);
  else push(out, 123 + u - 27);
}

function basicOrX12(out: ModeOutput, u: number, mode: 'c40' | 'text' | 'x12'): void {
  if (u === 3) push(out, 32);
  else if (u >= 4 && u <= 13) push(out, 48 + u - 4);
  else if (u >= 14 && u <= 39) push(out, (mode === 'text' ? 97 : 65) + u - 14);
  else if (mode !== 'x12') invalid(mode, u);
  else push(out, [13, 42, 62][u]!);
}

/** Decodes C40, Text or X12 from index i until an unlatch or the end; returns the next index (ASCII mode). */
export function decodeC40Like(cw: Uint8Array, i: number, out: ModeOutput, mode: 'c40' | 'text' | 'x12'): number {
  let shift = 0;
  // A single codeword left at the end of the symbol is ASCII-encoded after an implied unlatch.
  while (i < cw.length) {
    if (cw[i] === UNLATCH) return i + 1;
    if (i + 1 === cw.length) break;
    const packed = cw[i]! * 256 + cw[i + 1]! - 1;
    i += 2;
    for (const u of [Math.floor(packed / 1600), Math.floor(packed / 40) % 40, packed % 40]) {
      if (mode === 'x12') basicOrX12(out, u, mode);
      else if (shift === 1) push(out, u);
      else if (shift === 2) shift2(out, u);
      else if (shift === 3) shift3(out, u, mode === 'text');
      else if (u <= 2) {
        shift = u + 1;
        continue;
      } else basicOrX12(out, u, mode);
      shift = 0;
    }
  }
  return i;
}

/** Decodes EDIFACT from index i until its unlatch value or the end; returns the next index (ASCII mode). */
export function decodeEdifact(cw: Uint8Array, i: number, out: ModeOutput): number {
  // Fewer than three codewords left end EDIFACT implicitly; they are read in ASCII mode.
  while (i + 2 < cw.length) {
    const bits = (cw[i]! << 16) | (cw[i + 1]! << 8) | cw[i + 2]!;
    for (let k = 0; k < 4; k++) {
      const v = (bits >> (18 - 6 * k)) & 0x3f;
      if (v === 0x1f) {
        // The unlatch fills out its codeword; ASCII resumes with the next whole codeword.
        return i + Math.ceil((6 * (k + 1)) / 8);
      }
      push(out, v & 0x20 ? v : v | 0x40);
    }
    i += 3;
  }
  return i;
}
