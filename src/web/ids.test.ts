import { describe, expect, it } from 'vitest';
import { createIdGenerator, isUuid, pooledRandomBytes } from './ids.js';

describe('createIdGenerator', () => {
  it('makes version 7 UUIDs that carry the time in their first 48 bits', () => {
    const id = createIdGenerator(() => 0x0190_a1b2_c3d4)();
    expect(isUuid(id)).toBe(true);
    expect(id.slice(0, 13)).toBe('0190a1b2-c3d4');
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
  });

  it('sorts ids in the order they were made, within one millisecond and across a clock step back', () => {
    const times = [1000, 1000, 1000, 999, 1001];
    let i = 0;
    const next = createIdGenerator(() => times[Math.min(i++, times.length - 1)]!);
    const ids = Array.from({ length: 5000 }, () => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('pooledRandomBytes', () => {
  it('hands out distinct bytes across refills, and bytes given out are not changed by later calls', () => {
    const random = pooledRandomBytes(64);
    const first = random(16);
    const copy = Buffer.from(first);
    const later = Array.from({ length: 40 }, () => random(16).toString('hex'));
    expect(first.equals(copy)).toBe(true);
    expect(new Set([copy.toString('hex'), ...later]).size).toBe(41);
    expect(random(100)).toHaveLength(100);
  });
});
