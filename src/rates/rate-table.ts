// Rate tables as data: one rate schedule (a JSON file under tables/) holds, for each rate category it
// prices, a list of weight steps with their prices in mills, one price per step or, for zoned
// categories, one per zone 1 to 9. Every schedule has an effectiveFrom date; a category's prices come
// from the latest schedule that prices it and is in effect on the date of mailing (rate-tables.ts).
// The parser checks the whole shape once, so that a malformed file fails at load, not at a quote.
import { parseMailingDate } from '../core/mailing-date.js';
import { parseMills, type Mills } from '../core/money.js';
import { findRateCategory } from '../core/rate-category.js';
import { AppError } from '../errors/app-error.js';

/** The unit a table's weight steps are written in: ounces for letters, flats and postcards; pounds for parcels. */
export type WeightUnit = 'oz' | 'lb';

/** Ounces in one pound. */
export const OUNCES_PER_POUND = 16;

/** Zones of the zoned categories: 1 (local) to 9 (far territories). */
export const ZONE_COUNT = 9;

/** One weight step: the price of any weight above the previous step's limit and up to `upTo`. */
export interface WeightStep {
  /** Largest weight priced by this step, in the table's unit. */
  readonly upTo: number;
  /** The same limit in ounces. */
  readonly upToOz: number;
  /** The price in mills; for a zoned table, indexed by zone - 1. */
  readonly prices: readonly Mills[];
}

/** The prices of one rate category in one schedule. */
export interface RateTable {
  /** The id of the schedule, e.g. "2026-07-12". */
  readonly id: string;
  /** First day the table applies, as days since 2000-01-01. */
  readonly effectiveFromDay: number;
  /** The same day as YYYY-MM-DD. */
  readonly effectiveFrom: string;
  /** Rate category code of spec §4. */
  readonly rateCategory: number;
  readonly weightUnit: WeightUnit;
  /** True when prices depend on the zone between origin and destination. */
  readonly zoned: boolean;
  /** Steps in increasing weight; the last step's limit is the category's maximum weight. */
  readonly steps: readonly WeightStep[];
}

/** A parsed schedule: its id, effective date and the tables of the categories it prices. */
export interface RateSchedule {
  readonly id: string;
  readonly effectiveFrom: string;
  readonly effectiveFromDay: number;
  /** True when the prices are made up for development (the built-in schedules are). */
  readonly illustrative: boolean;
  readonly tables: readonly RateTable[];
}

/** Parses one rate schedule as read from JSON; throws RATE_TABLE_INVALID naming `source` and the fault. */
export function parseRateSchedule(json: unknown, source: string): RateSchedule {
  const fail = (fault: string): never => {
    throw new AppError('RATE_TABLE_INVALID', `${source}: ${fault}`, { source });
  };
  const doc = asObject(json) ?? fail('the schedule is not a JSON object');
  const id = typeof doc.id === 'string' && doc.id.trim() !== '' ? doc.id : fail('id is missing');
  const effectiveFrom = typeof doc.effectiveFrom === 'string' ? doc.effectiveFrom : fail('effectiveFrom is missing');
  const effectiveFromDay = attempt(() => parseMailingDate(effectiveFrom), fail, 'effectiveFrom is not a YYYY-MM-DD date');
  const tablesJson = asObject(doc.tables) ?? fail('tables is not an object keyed by rate category');
  const tables = Object.entries(tablesJson).map(([key, value]) => {
    const where = (fault: string): never => fail(`table ${key}: ${fault}`);
    const rateCategory = attempt(() => findRateCategory(key).code, where, 'not a known rate category');
    return parseTable(value, { id, effectiveFrom, effectiveFromDay, rateCategory }, where);
  });
  if (tables.length === 0) fail('the schedule prices no rate category');
  return Object.freeze({ id, effectiveFrom, effectiveFromDay, illustrative: doc.illustrative === true, tables: Object.freeze(tables) });
}

type TableHead = Pick<RateTable, 'id' | 'effectiveFrom' | 'effectiveFromDay' | 'rateCategory'>;

function parseTable(json: unknown, head: TableHead, fail: (fault: string) => never): RateTable {
  const t = asObject(json) ?? fail('not an object');
  const weightUnit = t.weightUnit === 'oz' || t.weightUnit === 'lb' ? t.weightUnit : fail('weightUnit must be "oz" or "lb"');
  const zoned = t.zoned === true;
  const stepsJson = Array.isArray(t.steps) && t.steps.length > 0 ? (t.steps as unknown[]) : fail('steps must be a non-empty array');
  let previous = 0;
  const steps = stepsJson.map((stepJson, i) => {
    const s = asObject(stepJson) ?? fail(`step ${i} is not an object`);
    const upTo = typeof s.upTo === 'number' && Number.isFinite(s.upTo) && s.upTo > previous ? s.upTo : fail(`step ${i}: upTo must be a number above ${previous}`);
    previous = upTo;
    const prices = parsePrices(s.mills, zoned, (fault) => fail(`step ${i}: ${fault}`));
    return Object.freeze({ upTo, upToOz: weightUnit === 'lb' ? upTo * OUNCES_PER_POUND : upTo, prices: Object.freeze(prices) });
  });
  return Object.freeze({ ...head, weightUnit, zoned, steps: Object.freeze(steps) });
}

function parsePrices(json: unknown, zoned: boolean, fail: (fault: string) => never): Mills[] {
  const list = zoned ? (Array.isArray(json) && json.length === ZONE_COUNT ? (json as unknown[]) : fail(`mills must list ${ZONE_COUNT} prices, zones 1 to ${ZONE_COUNT}`)) : [json];
  return list.map((value) => {
    // Integers of mills only: a float in a price table is a mistake, never rounded here.
    const mills = attempt(() => parseMills(value as number), fail, `${JSON.stringify(value)} is not an integer number of mills`);
    return mills > 0n ? mills : fail('a price must be more than 0 mills');
  });
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function attempt<T>(run: () => T, fail: (fault: string) => never, fault: string): T {
  try {
    return run();
  } catch {
    return fail(fault);
  }
}
