// Serial numbers for newly issued media. They are drawn uniformly at random from all 12-digit serials
// (1 to 999 999 999 999) by the cryptographic generator, so that knowing one's own serials tells nothing
// about anyone else's: with a few million media issued, a guess hits an issued serial about once in
// 10^5–10^6 tries, and even then it belongs to the guesser's own account only by chance (the purchase
// check refuses another account's medium).
import { randomFillSync } from 'node:crypto';
import { MAX_MEDIUM_SERIAL } from '../core/media-serial.js';

/** A source of random bytes; tests pass a fixed one. */
export type RandomBytes = (n: number) => Buffer;

/** The system's cryptographic generator. */
export const cryptoRandomBytes: RandomBytes = (n) => randomFillSync(Buffer.alloc(n));

// 2^40 = 1 099 511 627 776 is the smallest power of two above 10^12: about 91% of 40-bit draws are
// serials, so rejection sampling needs 1.1 draws on average and keeps the result exactly uniform.
const SERIAL_BITS_MASK = (1n << 40n) - 1n;

/** One serial drawn uniformly from 1 to 999 999 999 999 (rejection sampling over 40 random bits). */
export function randomMediumSerial(random: RandomBytes = cryptoRandomBytes): bigint {
  for (;;) {
    const bytes = random(5);
    if (bytes.length < 5) throw new Error('the random source returned fewer bytes than asked');
    const value = BigInt(`0x${bytes.subarray(0, 5).toString('hex')}`) & SERIAL_BITS_MASK;
    if (value >= 1n && value <= MAX_MEDIUM_SERIAL) return value;
  }
}

/**
 * `count` distinct random serials, none of them in `exclude` (serials already tried and found taken).
 * The caller stores them and asks again for any that collided with a stored one.
 */
export function randomMediumSerials(count: number, random: RandomBytes = cryptoRandomBytes, exclude: ReadonlySet<bigint> = new Set()): bigint[] {
  const out = new Set<bigint>();
  // A draw repeats only with probability ~count/10^12; the loop runs `count` times in practice.
  while (out.size < count) {
    const serial = randomMediumSerial(random);
    if (!exclude.has(serial)) out.add(serial);
  }
  return [...out];
}
