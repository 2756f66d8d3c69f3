// The rate categories of indicium v1 (spec §4). The codec carries any 16-bit code; codes outside this
// table are reserved, decode fine, and are "unknown" here.
import { AppError } from '../errors/app-error.js';

/** One row of the rate category table of spec §4. */
export interface RateCategory {
  /** The two-byte code carried in the indicium. */
  readonly code: number;
  /** The name printed beside the symbol. */
  readonly name: string;
  /** A stable identifier for APIs and command lines, e.g. `first-class-letter`. */
  readonly slug: string;
}

/** Every known rate category, in code order. */
export const RATE_CATEGORIES: readonly RateCategory[] = Object.freeze([
  { code: 1, name: 'First-Class Mail letter', slug: 'first-class-letter' },
  { code: 2, name: 'First-Class Mail large envelope (flat)', slug: 'first-class-flat' },
  { code: 3, name: 'First-Class Mail postcard', slug: 'first-class-postcard' },
  { code: 4, name: 'USPS Ground Advantage', slug: 'ground-advantage' },
  { code: 5, name: 'Priority Mail', slug: 'priority-mail' },
  { code: 6, name: 'Priority Mail Express', slug: 'priority-mail-express' },
  { code: 7, name: 'Media Mail', slug: 'media-mail' },
  { code: 8, name: 'First-Class Mail International letter', slug: 'first-class-international-letter' },
].map((row) => Object.freeze(row)));

const byCode = new Map(RATE_CATEGORIES.map((c) => [c.code, c]));
// Slugs and names, lower-cased, so that lookups ignore case.
const byKey = new Map(RATE_CATEGORIES.flatMap((c) => [[c.slug, c] as const, [c.name.toLowerCase(), c] as const]));

/** True when `code` is one of the categories of spec §4 (1 to 8). */
export function isKnownRateCategory(code: number): boolean {
  return byCode.has(code);
}

/** The category with that code; throws RATE_CATEGORY_UNKNOWN for a reserved or impossible code. */
export function rateCategoryByCode(code: number): RateCategory {
  const found = byCode.get(code);
  if (found === undefined) {
    throw new AppError('RATE_CATEGORY_UNKNOWN', `Rate category code ${code} is not in the table of codes 1 to 8`, { code });
  }
  return found;
}

/**
 * Finds a category by code (number or decimal string), slug or name, ignoring case and surrounding
 * spaces; throws RATE_CATEGORY_UNKNOWN when none matches.
 */
export function findRateCategory(key: string | number): RateCategory {
  if (typeof key === 'number') return rateCategoryByCode(key);
  const text = String(key).trim().toLowerCase();
  if (/^\d{1,5}$/.test(text)) return rateCategoryByCode(Number(text));
  const found = byKey.get(text);
  if (found === undefined) {
    const slugs = RATE_CATEGORIES.map((c) => c.slug).join(', ');
    throw new AppError('RATE_CATEGORY_UNKNOWN', `No rate category is called ${JSON.stringify(key)}; known: ${slugs}`, {
      key: String(key),
    });
  }
  return found;
}

/** The category's name, or "reserved rate category N" for a code outside the table (for display). */
export function describeRateCategory(code: number): string {
  return byCode.get(code)?.name ?? `reserved rate category ${code}`;
}
