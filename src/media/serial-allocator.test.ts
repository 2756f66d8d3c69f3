import { describe, expect, it } from 'vitest';
import { formatMediumSerial, MAX_MEDIUM_SERIAL, parseMediumSerial } from '../core/media-serial.js';
import { randomMediumSerial, randomMediumSerials, type RandomBytes } from './serial-allocator.js';

/** A random source that hands out the given 5-byte values in turn. */
function scripted(values: readonly bigint[]): RandomBytes {
  let i = 0;
  return (n) => {
    expect(n).toBe(5);
    const v = values[i++];
    if (v === undefined) throw new Error('script exhausted');
    return Buffer.from(v.toString(16).padStart(10, '0'), 'hex');
  };
}

describe('randomMediumSerial', () => {
  it('takes a 40-bit draw that is a 12-digit serial as it is', () => {
    expect(randomMediumSerial(scripted([123_456_789_012n]))).toBe(123_456_789_012n);
    expect(randomMediumSerial(scripted([1n]))).toBe(1n);
    expect(randomMediumSerial(scripted([MAX_MEDIUM_SERIAL]))).toBe(MAX_MEDIUM_SERIAL);
  });

  it('draws again rather than folding values outside 1..999 999 999 999 (uniform, no modulo bias)', () => {
    const random = scripted([0n, MAX_MEDIUM_SERIAL + 1n, (1n << 40n) - 1n, 42n]);
    expect(randomMediumSerial(random)).toBe(42n);
  });

  it('gives well-spread serials from the system generator, each printable with a valid check digit', () => {
    const serials = Array.from({ length: 2000 }, () => randomMediumSerial());
    for (const s of serials) {
      expect(s >= 1n && s <= MAX_MEDIUM_SERIAL).toBe(true);
      const printed = formatMediumSerial(s);
      expect(printed).toMatch(/^\d{4}-\d{4}-\d{4}-\d$/);
      expect(parseMediumSerial(printed).serial).toBe(s);
    }
    // No sequence to guess from: all distinct, and the leading digit takes many values.
    expect(new Set(serials).size).toBe(serials.length);
    expect(new Set(serials.map((s) => s.toString().padStart(12, '0')[0])).size).toBe(10);
  });
});

describe('randomMediumSerials', () => {
  it('returns distinct serials, skipping repeats and excluded ones', () => {
    const random = scripted([5n, 5n, 6n, 7n, 8n]);
    expect(randomMediumSerials(3, random, new Set([6n]))).toEqual([5n, 7n, 8n]);
  });

  it('makes a thousand at once', () => {
    expect(new Set(randomMediumSerials(1000)).size).toBe(1000);
  });
});
