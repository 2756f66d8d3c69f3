// The registry of benchmark sections, in the order `npm run bench` runs them. Add a section here.
import type { BenchSection } from '../bench-section.js';
import { cryptoSection } from './crypto.js';
import { purchaseSection } from './purchase.js';

/** Every benchmark section. */
export const BENCH_SECTIONS: readonly BenchSection[] = [cryptoSection, purchaseSection];
