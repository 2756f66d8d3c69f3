import { describe, expect, it } from 'vitest';
import { createIdGenerator, isUuid } from './ids.js';

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
