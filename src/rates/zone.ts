// The zone between two ZIP codes, from their 3-digit prefixes: a pure function of the simplified
// distance-band model in zip-areas.ts (docs/rates.md). The bands are those the USPS uses between
// facilities; the distances here are great-circle distances between area points, not facilities.
import { AppError } from '../errors/app-error.js';
import { ZONE_9_PREFIXES, zipAreaOf, type ZipArea } from './zip-areas.js';

/** A zone: 1 (local) to 9 (Pacific territories). */
export type Zone = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

// Upper limits of zones 1 to 7, in statute miles; farther is zone 8.
const ZONE_LIMITS_MILES: readonly number[] = [50, 150, 300, 600, 1000, 1400, 1800];
// Mean radius of the Earth, in statute miles.
const EARTH_RADIUS_MILES = 3958.8;

/** The 3-digit prefix (0-999) of a packed ZIP+4 (zip5 * 10000 + plus4). */
export function zipPrefix(packedZip: number): number {
  // zip5 = packed / 10^4, and the prefix is zip5 / 10^2.
  return Math.floor(packedZip / 1_000_000);
}

/** The zone between two packed ZIP+4 codes; symmetric. RATE_ZONE_UNKNOWN when a prefix has no area. */
export function zoneBetween(originZip: number, destinationZip: number): Zone {
  const from = zipPrefix(originZip);
  const to = zipPrefix(destinationZip);
  const a = areaOrFail(from, 'origin');
  const b = areaOrFail(to, 'destination');
  if (from === to) return 1;
  if (ZONE_9_PREFIXES.has(from) !== ZONE_9_PREFIXES.has(to)) return 9;
  return zoneForMiles(milesBetween(a, b));
}

/** The zone of a distance in statute miles: 1 up to 50, 2 up to 150, ... 7 up to 1800, 8 beyond. */
export function zoneForMiles(miles: number): Zone {
  const index = ZONE_LIMITS_MILES.findIndex((limit) => miles <= limit);
  return (index === -1 ? 8 : index + 1) as Zone;
}

/** Great-circle distance between two areas' points, in statute miles (haversine). */
export function milesBetween(a: ZipArea, b: ZipArea): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

function areaOrFail(prefix: number, end: 'origin' | 'destination'): ZipArea {
  const area = zipAreaOf(prefix);
  if (area === undefined) {
    const text = String(prefix).padStart(3, '0');
    throw new AppError('RATE_ZONE_UNKNOWN', `The ${end} ZIP prefix ${text} belongs to no area of the zone model`, { end, prefix: text });
  }
  return area;
}
