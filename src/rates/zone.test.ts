import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseZip } from '../core/zip.js';
import { codeOf } from './rates-test-support.js';
import { ZIP_AREAS, zipAreaOf } from './zip-areas.js';
import { milesBetween, zipPrefix, zoneBetween, zoneForMiles } from './zone.js';

// A packed ZIP+4 with the given 3-digit prefix and two more digits.
const zipWithPrefix = (prefix: number, rest: number): number => (prefix * 100 + rest) * 10_000;
const servedPrefix = fc.constantFrom(...ZIP_AREAS.flatMap((a) => Array.from({ length: a.to - a.from + 1 }, (_, i) => a.from + i)));

describe('the zone model', () => {
  it('has ordered, non-overlapping areas within 000-999', () => {
    ZIP_AREAS.forEach((area, i) => {
      expect(area.from).toBeLessThanOrEqual(area.to);
      expect(area.to).toBeLessThanOrEqual(999);
      if (i > 0) expect(area.from).toBeGreaterThan(ZIP_AREAS[i - 1]?.to ?? -1);
    });
  });

  it('reads the 3-digit prefix of a packed ZIP+4, leading zeros included', () => {
    expect(zipPrefix(parseZip('94107-0001'))).toBe(941);
    expect(zipPrefix(parseZip('01234'))).toBe(12);
  });

  it('is symmetric, zone 1 within a prefix, and always 1 to 9', () => {
    fc.assert(
      fc.property(servedPrefix, servedPrefix, fc.nat(99), fc.nat(99), (a, b, ra, rb) => {
        const there = zoneBetween(zipWithPrefix(a, ra), zipWithPrefix(b, rb));
        expect(zoneBetween(zipWithPrefix(b, rb), zipWithPrefix(a, ra))).toBe(there);
        expect(there).toBeGreaterThanOrEqual(1);
        expect(there).toBeLessThanOrEqual(9);
        if (a === b) expect(there).toBe(1);
      }),
    );
  });

  it('gives zone 9 between the Pacific territories (969) and anywhere else', () => {
    fc.assert(
      fc.property(servedPrefix.filter((p) => p !== 969), (p) => {
        expect(zoneBetween(zipWithPrefix(969, 10), zipWithPrefix(p, 0))).toBe(9);
      }),
    );
  });

  it('bands distances as the USPS does: 50, 150, 300, 600, 1000, 1400, 1800 miles', () => {
    const limits = [50, 150, 300, 600, 1000, 1400, 1800];
    limits.forEach((limit, i) => {
      expect(zoneForMiles(limit)).toBe(i + 1);
      expect(zoneForMiles(limit + 0.001)).toBe(i + 2);
    });
    expect(zoneForMiles(0)).toBe(1);
    expect(zoneForMiles(5000)).toBe(8);
  });

  it('grows with distance from one origin', () => {
    fc.assert(
      fc.property(servedPrefix, servedPrefix, servedPrefix, (o, a, b) => {
        fc.pre(![o, a, b].includes(969));
        const origin = zipAreaOf(o);
        const [near, far] = [zipAreaOf(a), zipAreaOf(b)];
        if (origin === undefined || near === undefined || far === undefined) throw new Error('prefix without area');
        fc.pre(o !== a && o !== b && milesBetween(origin, near) <= milesBetween(origin, far));
        expect(zoneBetween(zipWithPrefix(o, 0), zipWithPrefix(a, 0))).toBeLessThanOrEqual(zoneBetween(zipWithPrefix(o, 0), zipWithPrefix(b, 0)));
      }),
    );
  });

  it('gives plausible zones for well-known pairs', () => {
    // New York to Los Angeles is coast to coast; New York to Philadelphia is about 80 miles.
    expect(zoneBetween(parseZip('10001'), parseZip('90012'))).toBe(8);
    expect(zoneBetween(parseZip('10001'), parseZip('19104'))).toBeLessThanOrEqual(3);
    expect(zoneBetween(parseZip('94107'), parseZip('90012'))).toBe(4);
  });

  it('refuses a prefix that belongs to no area with RATE_ZONE_UNKNOWN', () => {
    expect(codeOf(() => zoneBetween(parseZip('00123'), parseZip('10001')))).toBe('RATE_ZONE_UNKNOWN');
    expect(codeOf(() => zoneBetween(parseZip('10001'), parseZip('00401')))).toBe('RATE_ZONE_UNKNOWN');
  });
});
