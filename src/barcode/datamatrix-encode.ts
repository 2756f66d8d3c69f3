/**
 * ECC 200 encoding of bytes in Base 256 mode, as spec §6 requires for indicia: latch, randomised
 * length and data, randomised padding, Reed-Solomon, module placement. Square sizes only.
 */
import { AppError } from '../errors/app-error.js';
import { addErrorCorrection } from './datamatrix-reed-solomon.js';
import { placeCodewords } from './datamatrix-placement.js';
import { smallestSquareFor, type SymbolSize } from './datamatrix-symbol-sizes.js';

/** Codeword that latches from ASCII to Base 256 mode. */
export const LATCH_BASE256 = 231;
/** The first pad codeword (ASCII mode); later pads are randomised. */
export const PAD = 129;

/** Base 256 randomisation (255-state) of codeword value v at 1-based symbol position p. */
export function randomize255(v: number, p: number): number {
  const t = v + ((149 * p) % 255) + 1;
  return t <= 255 ? t : t - 256;
}

/** Pad randomisation (253-state) of the pad codeword at 1-based symbol position p. */
function randomize253(p: number): number {
  const t = PAD + ((149 * p) % 253) + 1;
  return t <= 254 ? t : t - 254;
}

/** The largest byte count a Base 256 field can announce with two length codewords. */
const MAX_BASE256_BYTES = 1555;

/** The data codewords (before error correction) that carry `bytes` in one Base 256 segment. */
export function base256Codewords(bytes: Uint8Array): number[] {
  if (bytes.length === 0 || bytes.length > MAX_BASE256_BYTES) {
    throw new AppError('INVALID_ARGUMENT', `A Data Matrix symbol carries 1 to ${MAX_BASE256_BYTES} bytes here, not ${bytes.length}`, {
      length: bytes.length,
    });
  }
  // Lengths below 250 take one codeword; longer ones two (ISO/IEC 16022, 5.2.9).
  const length = bytes.length < 250 ? [bytes.length] : [Math.floor(bytes.length / 250) + 249, bytes.length % 250];
  const plain = [...length, ...bytes];
  // Position 1 holds the latch, so the segment's first codeword sits at position 2.
  return [LATCH_BASE256, ...plain.map((v, i) => randomize255(v, i + 2))];
}

/** Fills the remaining capacity with the pad codeword 129 followed by randomised pads. */
function pad(codewords: number[], capacity: number): Uint8Array {
  const out = new Uint8Array(capacity);
  out.set(codewords);
  for (let i = codewords.length; i < capacity; i++) out[i] = i === codewords.length ? PAD : randomize253(i + 1);
  return out;
}

/** The symbol size and all its codewords (data, padding, interleaved error correction) for `bytes`. */
export function encodeDataMatrixCodewords(bytes: Uint8Array): { size: SymbolSize; codewords: Uint8Array } {
  const data = base256Codewords(bytes);
  const size = smallestSquareFor(data.length);
  if (!size) throw new AppError('INVALID_ARGUMENT', `${bytes.length} bytes do not fit in a square Data Matrix symbol`);
  const padded = pad(data, size.dataCodewords);
  return { size, codewords: addErrorCorrection(padded, size.eccCodewords, size.blocks) };
}

/** The module matrix of the smallest square ECC 200 symbol holding `bytes` in Base 256; true = dark, no quiet zone. */
export function dataMatrixModules(bytes: Uint8Array): boolean[][] {
  const { size, codewords } = encodeDataMatrixCodewords(bytes);
  return placeCodewords(size, codewords);
}
