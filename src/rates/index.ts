// The rates module: rate tables as data, zones from ZIP prefixes, and the price of a stamp.
export { checkPostage } from './check-postage.js';
export { parseDestinationCountry, type Country } from './country.js';
export { INTERNATIONAL_LETTER, quote, type PostageQuote, type QuoteBreakdown, type QuoteRequest } from './quote.js';
export { OUNCES_PER_POUND, ZONE_COUNT, parseRateSchedule, type RateSchedule, type RateTable, type WeightStep, type WeightUnit } from './rate-table.js';
export { BUILTIN_RATE_BOOK, makeRateBook, tableInEffect, type RateBook } from './rate-tables.js';
export { checkWeightOz } from './weight.js';
export { zoneBetween, zoneForMiles, zipPrefix, type Zone } from './zone.js';
