import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemorySeenStore } from './seen-store.js';

describe('MemorySeenStore', () => {
  it('says true the first time a triple is recorded and false afterwards', () => {
    const store = new MemorySeenStore();
    expect(store.recordFirstSighting(40_001_234, 3, 1042)).toBe(true);
    expect(store.recordFirstSighting(40_001_234, 3, 1042)).toBe(false);
    expect(store.recordFirstSighting(40_001_234, 3, 1043)).toBe(true);
    expect(store.recordFirstSighting(40_001_234, 4, 1042)).toBe(true);
    expect(store.recordFirstSighting(40_001_235, 3, 1042)).toBe(true);
    expect(store.size).toBe(4);
  });

  it('keeps triples apart that a naive concatenation would merge', () => {
    const store = new MemorySeenStore();
    expect(store.recordFirstSighting(1, 23, 4)).toBe(true);
    expect(store.recordFirstSighting(12, 3, 4)).toBe(true);
    expect(store.recordFirstSighting(1, 2, 34)).toBe(true);
  });

  it('answers true exactly once per distinct triple, whatever the order', () => {
    const triple = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(5));
    fc.assert(
      fc.property(fc.array(triple, { maxLength: 60 }), (sightings) => {
        const store = new MemorySeenStore();
        const firsts = sightings.filter(([l, p, c]) => store.recordFirstSighting(l, p, c));
        const distinct = new Set(sightings.map((t) => t.join('/')));
        expect(firsts.length).toBe(distinct.size);
        expect(store.size).toBe(distinct.size);
      }),
    );
  });
});
