// The areas of the simplified zone model (docs/rates.md): each range of 3-digit ZIP prefixes is placed
// at one approximate point (latitude, longitude in degrees) near the main city of its state or part of
// a state. This is NOT the USPS zone chart, which is computed between sectional center facilities; it
// is a documented stand-in that gives plausible zones with no network and no licensed data. Military
// prefixes (APO/FPO) are placed at their gateway city. Prefixes in no range (000-004 and a few unused
// ones) have no zone.

/** One range of 3-digit ZIP prefixes placed at one point. */
export interface ZipArea {
  /** First and last 3-digit prefix of the range, inclusive. */
  readonly from: number;
  readonly to: number;
  /** Where the area is: state or territory and part. */
  readonly name: string;
  /** Latitude and longitude of the area's point, in degrees. */
  readonly lat: number;
  readonly lon: number;
}

// [from, to, name, latitude, longitude]; ranges do not overlap and are in increasing order.
const ROWS: readonly (readonly [number, number, string, number, number])[] = [
  [5, 5, 'NY Long Island (Holtsville)', 40.8, -73.0],
  [6, 7, 'PR', 18.2, -66.5],
  [8, 8, 'VI', 18.3, -64.9],
  [9, 9, 'PR', 18.2, -66.5],
  [10, 13, 'MA west', 42.1, -72.6],
  [14, 27, 'MA east', 42.3, -71.4],
  [28, 29, 'RI', 41.7, -71.5],
  [30, 38, 'NH', 43.2, -71.5],
  [39, 49, 'ME', 44.3, -69.8],
  [50, 59, 'VT', 44.0, -72.7],
  [60, 69, 'CT', 41.6, -72.7],
  [70, 89, 'NJ', 40.3, -74.5],
  [90, 99, 'APO/FPO AE (New York gateway)', 40.7, -73.8],
  [100, 119, 'NY New York City and Long Island', 40.7, -73.9],
  [120, 129, 'NY Albany', 42.7, -73.8],
  [130, 139, 'NY Syracuse', 43.0, -76.0],
  [140, 149, 'NY Buffalo and Rochester', 42.9, -78.2],
  [150, 168, 'PA west', 40.6, -79.6],
  [169, 196, 'PA east', 40.3, -76.3],
  [197, 199, 'DE', 39.2, -75.5],
  [200, 205, 'DC', 38.9, -77.0],
  [206, 219, 'MD', 39.1, -76.7],
  [220, 239, 'VA east', 37.9, -77.4],
  [240, 246, 'VA west', 37.3, -80.0],
  [247, 268, 'WV', 38.6, -80.6],
  [270, 279, 'NC east', 35.8, -79.0],
  [280, 289, 'NC west', 35.4, -81.5],
  [290, 299, 'SC', 33.9, -80.9],
  [300, 319, 'GA', 33.0, -83.6],
  [320, 329, 'FL north', 29.5, -82.5],
  [330, 339, 'FL south', 26.9, -81.0],
  [340, 340, 'APO/FPO AA (Miami gateway)', 25.8, -80.3],
  [341, 349, 'FL south', 26.9, -81.0],
  [350, 369, 'AL', 32.8, -86.8],
  [370, 385, 'TN', 35.9, -86.4],
  [386, 397, 'MS', 32.7, -89.7],
  [398, 399, 'GA south', 31.6, -84.2],
  [400, 427, 'KY', 37.8, -85.3],
  [430, 459, 'OH', 40.3, -82.8],
  [460, 479, 'IN', 39.9, -86.3],
  [480, 499, 'MI', 43.3, -84.5],
  [500, 528, 'IA', 42.0, -93.5],
  [530, 549, 'WI', 44.5, -89.7],
  [550, 567, 'MN', 45.5, -94.0],
  [570, 577, 'SD', 44.4, -100.2],
  [580, 588, 'ND', 47.5, -100.5],
  [590, 599, 'MT', 46.9, -110.4],
  [600, 609, 'IL Chicago', 41.9, -87.9],
  [610, 629, 'IL south', 39.8, -89.4],
  [630, 658, 'MO', 38.4, -92.4],
  [660, 679, 'KS', 38.5, -98.0],
  [680, 693, 'NE', 41.5, -99.8],
  [700, 714, 'LA', 31.0, -92.0],
  [716, 729, 'AR', 34.8, -92.3],
  [730, 749, 'OK', 35.5, -97.5],
  [750, 759, 'TX Dallas and east', 32.6, -96.5],
  [760, 769, 'TX Fort Worth and central', 32.3, -98.5],
  [770, 778, 'TX Houston', 29.9, -95.5],
  [779, 789, 'TX San Antonio and Austin', 29.6, -98.3],
  [790, 797, 'TX Lubbock and Midland', 33.0, -101.8],
  [798, 799, 'TX El Paso', 31.8, -106.4],
  [800, 816, 'CO', 39.0, -105.5],
  [820, 831, 'WY', 43.0, -107.5],
  [832, 838, 'ID', 44.0, -114.7],
  [840, 847, 'UT', 40.5, -111.9],
  [850, 865, 'AZ', 33.7, -111.9],
  [870, 884, 'NM', 34.8, -106.3],
  [885, 885, 'TX El Paso', 31.8, -106.4],
  [889, 891, 'NV Las Vegas', 36.2, -115.1],
  [893, 898, 'NV Reno', 39.5, -119.0],
  [900, 918, 'CA Los Angeles', 34.1, -118.2],
  [919, 921, 'CA San Diego', 32.8, -117.1],
  [922, 925, 'CA Inland Empire', 33.9, -117.0],
  [926, 928, 'CA Orange County', 33.7, -117.8],
  [930, 935, 'CA Central Coast and Bakersfield', 35.3, -119.0],
  [936, 939, 'CA Fresno and Salinas', 36.7, -120.3],
  [940, 951, 'CA San Francisco Bay', 37.6, -122.1],
  [952, 961, 'CA Sacramento and north', 38.9, -121.5],
  [962, 966, 'APO/FPO AP (San Francisco gateway)', 37.6, -122.4],
  [967, 968, 'HI', 21.3, -157.8],
  [969, 969, 'GU, MP, AS and the freely associated states', 13.4, 144.8],
  [970, 979, 'OR', 44.0, -122.0],
  [980, 987, 'WA west', 47.4, -122.3],
  [988, 994, 'WA east', 47.0, -118.5],
  [995, 999, 'AK', 61.2, -149.9],
];

/** Every area of the zone model, in prefix order. */
export const ZIP_AREAS: readonly ZipArea[] = Object.freeze(ROWS.map(([from, to, name, lat, lon]) => Object.freeze({ from, to, name, lat, lon })));

/** The 3-digit prefixes of the Pacific territories, to and from which the zone is 9. */
export const ZONE_9_PREFIXES: ReadonlySet<number> = new Set([969]);

/** The area of a 3-digit prefix (0-999), or undefined when the model has none. */
export function zipAreaOf(prefix: number): ZipArea | undefined {
  // 85 rows: a linear scan is as fast as anything cleverer and obviously right.
  return ZIP_AREAS.find((area) => prefix >= area.from && prefix <= area.to);
}
