// The destination country of international mail, as an ISO 3166-1 alpha-2 code. Whether a code names
// a region is asked of the ICU data built into Node (Intl.DisplayNames), so no country list is kept
// here; the codes ICU knows that are not countries are refused by name below.
import { AppError } from '../errors/app-error.js';

/** A checked destination country. */
export interface Country {
  /** ISO 3166-1 alpha-2 code, upper case, e.g. "CA". */
  readonly code: string;
  /** English name, e.g. "Canada". */
  readonly name: string;
}

// Codes ICU names that are groupings, placeholders or pseudo-locales rather than countries.
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO', 'XA', 'XB']);
// The United States and the territories that US domestic mail serves: they take domestic rates.
const DOMESTIC = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP', 'UM']);
const ALPHA_2 = /^[A-Za-z]{2}$/;
const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/**
 * Parses a destination country code such as "ca" or "DE". RATE_COUNTRY_REQUIRED when absent or blank;
 * RATE_COUNTRY_INVALID for a code that names no country or a place served by domestic mail.
 */
export function parseDestinationCountry(text: string | null | undefined): Country {
  if (text === null || text === undefined || String(text).trim() === '') {
    throw new AppError('RATE_COUNTRY_REQUIRED', 'An international letter needs the destination country');
  }
  const code = String(text).trim().toUpperCase();
  if (code === 'UK') {
    throw new AppError('RATE_COUNTRY_INVALID', 'UK is not an ISO 3166 code; the United Kingdom is GB', { country: code });
  }
  const name = ALPHA_2.test(code) && !NOT_COUNTRIES.has(code) ? names.of(code) : undefined;
  if (name === undefined) {
    throw new AppError('RATE_COUNTRY_INVALID', `${JSON.stringify(String(text))} is not an ISO 3166-1 alpha-2 country code`, { country: String(text) });
  }
  if (DOMESTIC.has(code)) {
    throw new AppError('RATE_COUNTRY_INVALID', `Mail to ${name} (${code}) goes at domestic rates; use a domestic rate category and its ZIP code`, { country: code });
  }
  return Object.freeze({ code, name });
}
