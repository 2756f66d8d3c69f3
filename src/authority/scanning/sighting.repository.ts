// Rule 6's memory in the authority's database: a SeenStore whose "first time" is decided by the
// primary key of authority_sightings, so that it holds across restarts and across every scanner and
// app instance sharing the database.
import type { Database, Queryable } from '../../db/database.js';
import { isUniqueViolation } from '../../db/constraint-errors.js';
import { asBigInt, asString, orNull } from '../../db/row-values.js';
import type { SeenStore } from '../../verifier/seen-store.js';
import type { IndiciumTriple, SightingRecord } from './scan-records.js';

/** Who saw the indicium, and when: stored with the first sighting. */
export interface SightingContext {
  readonly atMs: number;
  readonly scannerId: string | null;
}

/**
 * A SeenStore on the authority's database. Given a transaction handle, the insert runs inside a
 * savepoint: on PostgreSQL a failed statement would otherwise abort the whole transaction, and the scan
 * must still be logged after a duplicate. Given the Database itself, the insert commits on its own.
 */
export class DatabaseSeenStore implements SeenStore {
  constructor(
    private readonly q: Queryable | Database,
    private readonly context: SightingContext,
  ) {}

  /** True when this call stored the first sighting; false when the triple was already stored (by anyone). */
  async recordFirstSighting(licenseNumber: number, psdId: number, pieceCount: number): Promise<boolean> {
    const inTransaction = !('transaction' in this.q);
    if (inTransaction) await this.q.execute('SAVEPOINT authority_sighting');
    try {
      await this.q.execute(
        'INSERT INTO authority_sightings (license_number, psd_id, piece_count, first_seen_at_ms, scanner_id) VALUES (?, ?, ?, ?, ?)',
        [licenseNumber, psdId, pieceCount, this.context.atMs, this.context.scannerId],
      );
    } catch (err) {
      // On PostgreSQL a concurrent insert of the same triple waits for the other transaction and
      // fails here once it commits: the other scan was first.
      if (!isUniqueViolation(err)) throw err;
      if (inTransaction) await this.q.execute('ROLLBACK TO SAVEPOINT authority_sighting');
      return false;
    }
    if (inTransaction) await this.q.execute('RELEASE SAVEPOINT authority_sighting');
    return true;
  }
}

/** The first sighting of an indicium, or null when it was never seen passing rules 1 to 5. */
export async function findSighting(q: Queryable, t: IndiciumTriple): Promise<SightingRecord | null> {
  const rows = await q.query(
    'SELECT first_seen_at_ms, scanner_id FROM authority_sightings WHERE license_number = ? AND psd_id = ? AND piece_count = ?',
    [t.licenseNumber, t.psdId, t.pieceCount],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { ...t, firstSeenAtMs: Number(asBigInt(row.first_seen_at_ms, 'first_seen_at_ms')), scannerId: orNull(asString)(row.scanner_id, 'scanner_id') };
}
