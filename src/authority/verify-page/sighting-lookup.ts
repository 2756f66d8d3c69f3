// Rule 6 for the public verification page: a SeenStore that only looks. A member of the public checking
// a stamp must not record a sighting, or the real scan at the sorting centre would then report the
// piece a duplicate; so this store answers "first time" exactly when authority_sightings holds no row
// for the triple, and writes nothing.
import type { Queryable } from '../../db/database.js';
import type { SeenStore } from '../../verifier/seen-store.js';
import type { SightingRecord } from '../scanning/scan-records.js';
import { findSighting } from '../scanning/sighting.repository.js';

/** A read-only SeenStore on the authority's sightings table; keeps the sighting it found. */
export class SightingLookup implements SeenStore {
  #found: SightingRecord | null = null;

  constructor(private readonly q: Queryable) {}

  /** True when the authority has never scanned this triple passing rules 1 to 5; records nothing. */
  async recordFirstSighting(licenseNumber: number, psdId: number, pieceCount: number): Promise<boolean> {
    this.#found = await findSighting(this.q, { licenseNumber, psdId, pieceCount });
    return this.#found === null;
  }

  /** The first sighting found by the last lookup; null when there was none, or no lookup was made. */
  get sighting(): SightingRecord | null {
    return this.#found;
  }
}
