// Weights are given in ounces (a number, fractions allowed, e.g. 3.2) and priced at the first weight
// step whose limit they do not exceed: a 1.2 oz letter pays the "up to 2 oz" price; a 17 oz parcel the
// "up to 2 lb" price. Weight is a measurement, not money, so a number is the right type for it.
import { AppError } from '../errors/app-error.js';
import type { RateTable, WeightStep } from './rate-table.js';

/** The step that prices `weightOz` in `table`; WEIGHT_INVALID or WEIGHT_OVER_LIMIT otherwise. */
export function weightStepFor(table: RateTable, weightOz: number, categoryName: string): WeightStep {
  checkWeightOz(weightOz);
  const step = table.steps.find((s) => weightOz <= s.upToOz);
  if (step === undefined) {
    const last = table.steps[table.steps.length - 1];
    const limit = last === undefined ? '0' : describeLimit(last, table.weightUnit);
    throw new AppError('WEIGHT_OVER_LIMIT', `${weightOz} oz is more than the ${limit} that ${categoryName} allows`, {
      weightOz,
      maxWeightOz: last?.upToOz,
    });
  }
  return step;
}

/** Throws WEIGHT_INVALID unless `weightOz` is a finite number of ounces above 0; returns it. */
export function checkWeightOz(weightOz: number): number {
  if (typeof weightOz !== 'number' || !Number.isFinite(weightOz) || weightOz <= 0) {
    throw new AppError('WEIGHT_INVALID', `${JSON.stringify(weightOz) ?? String(weightOz)} is not a weight in ounces above 0`, {
      weightOz: String(weightOz),
    });
  }
  return weightOz;
}

/** A step's limit in its table's unit, such as "3.5 oz" or "2 lb". */
export function describeLimit(step: WeightStep, unit: RateTable['weightUnit']): string {
  return `${step.upTo} ${unit}`;
}
