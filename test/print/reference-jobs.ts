// The fixed jobs whose rendered pages are kept as reviewed reference images under
// test/print/reference/. Ed25519 signatures are deterministic, so the same job always gives the same
// symbols. Regenerate with `npx tsx test/print/write-references.ts`, then look at every image before
// committing it.
import type { PrintJob } from '../../src/print/index.js';
import { plainIndicia } from './print-fixture.js';

const ADDRESSES = {
  returnAddress: ['Ada Lovelace', '12 St James Square', 'New York NY 10001'],
  delivery: ['Charles Babbage', '1 Analytical Engine Way', 'Suite 200', 'San Francisco CA 94107-0001'],
};

/** One reference job per layout: full sheets, and the address blocks where the layout has them. */
export const REFERENCE_JOBS: Readonly<Record<string, PrintJob>> = {
  'single-label': { layout: 'single-label', items: plainIndicia(1, 5001).map((indicium) => ({ indicium })) },
  'address-30up': { layout: 'address-30up', items: plainIndicia(30, 5101).map((indicium) => ({ indicium })) },
  'stamp-sheet': { layout: 'stamp-sheet', items: plainIndicia(20, 5201).map((indicium) => ({ indicium })) },
  'thermal-4x6': { layout: 'thermal-4x6', items: plainIndicia(1, 5301).map((indicium) => ({ indicium })), addresses: ADDRESSES },
  'envelope-10': { layout: 'envelope-10', items: plainIndicia(1, 5401).map((indicium) => ({ indicium })), addresses: ADDRESSES },
};

/** The file of a layout's reference image. */
export function referencePath(layout: string): URL {
  return new URL(`./reference/${layout}.png`, import.meta.url);
}
