import { describe, expect, it } from 'vitest';
import { asBigInt, asBoolean, asBuffer, asNumber, asString, orNull } from './row-values.js';

describe('row value readers', () => {
  it('asBigInt keeps 64-bit values exact whatever form they arrive in', () => {
    const max = 2n ** 63n - 1n;
    expect(asBigInt(max)).toBe(max);
    expect(asBigInt(max.toString())).toBe(max);
    expect(asBigInt('-42')).toBe(-42n);
    expect(asBigInt(7)).toBe(7n);
    expect(() => asBigInt(1.5, 'postage_mills')).toThrow(/postage_mills is not an integer/);
    expect(() => asBigInt('1.0')).toThrow(TypeError);
    expect(() => asBigInt(null)).toThrow(TypeError);
  });

  it('asNumber refuses integers a double would round', () => {
    expect(asNumber(2n ** 53n - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(asNumber(-3n)).toBe(-3);
    expect(asNumber(0.25)).toBe(0.25);
    expect(() => asNumber(2n ** 53n)).toThrow(TypeError);
    expect(() => asNumber('3')).toThrow(TypeError);
  });

  it('asBoolean reads BOOLEAN columns and 0/1 flags, and nothing else', () => {
    expect([asBoolean(true), asBoolean(false), asBoolean(1n), asBoolean(0n), asBoolean(1), asBoolean(0)]).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(() => asBoolean(2n, 'active')).toThrow(/active is not a boolean/);
    expect(() => asBoolean('t')).toThrow(TypeError);
  });

  it('asString and asBuffer check the type; asBuffer shares the bytes of a Uint8Array', () => {
    expect(asString('x')).toBe('x');
    expect(() => asString(1n)).toThrow(TypeError);
    const bytes = new Uint8Array([9, 8, 7, 6]).subarray(1, 3);
    const buf = asBuffer(bytes);
    expect(Buffer.isBuffer(buf)).toBe(true);
    expect([...buf]).toEqual([8, 7]);
    expect(() => asBuffer('0807')).toThrow(TypeError);
  });

  it('orNull lets NULL through and reads everything else', () => {
    const readOptionalMills = orNull(asBigInt);
    expect(readOptionalMills(null)).toBeNull();
    expect(readOptionalMills(undefined)).toBeNull();
    expect(readOptionalMills(5n)).toBe(5n);
    expect(() => readOptionalMills('x')).toThrow(TypeError);
  });
});
