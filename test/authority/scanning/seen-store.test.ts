import { describe, expect, it } from 'vitest';
import { AUTHORITY_MIGRATIONS } from '../../../src/authority/migrations.js';
import { DatabaseSeenStore, findSighting } from '../../../src/authority/scanning/sighting.repository.js';
import { forDialect, forEachDialect } from '../../helpers/dialects.js';

forEachDialect((_dialect, open) => {
  describe('DatabaseSeenStore', () => {
    it('says true the first time a triple is recorded and false afterwards, keeping who saw it first', async () => {
      const db = await open({ migrations: AUTHORITY_MIGRATIONS });
      const store = new DatabaseSeenStore(db, { atMs: 1_700_000_000_000, scannerId: 'gate-1' });
      expect(await store.recordFirstSighting(40_001_234, 3, 1042)).toBe(true);
      expect(await store.recordFirstSighting(40_001_234, 3, 1042)).toBe(false);
      expect(await store.recordFirstSighting(40_001_234, 3, 1043)).toBe(true);
      expect(await store.recordFirstSighting(40_001_234, 4, 1042)).toBe(true);
      expect(await store.recordFirstSighting(4_294_967_295, 4_294_967_295, 4_294_967_295)).toBe(true);
      const later = new DatabaseSeenStore(db, { atMs: 1_800_000_000_000, scannerId: null });
      expect(await later.recordFirstSighting(40_001_234, 3, 1042)).toBe(false);
      expect(await findSighting(db, { licenseNumber: 40_001_234, psdId: 3, pieceCount: 1042 })).toEqual({
        licenseNumber: 40_001_234,
        psdId: 3,
        pieceCount: 1042,
        firstSeenAtMs: 1_700_000_000_000,
        scannerId: 'gate-1',
      });
      expect(await findSighting(db, { licenseNumber: 40_001_234, psdId: 3, pieceCount: 1 })).toBeNull();
    });

    it('inside a transaction, a duplicate leaves the transaction usable and only the savepoint is undone', async () => {
      const db = await open({ migrations: AUTHORITY_MIGRATIONS });
      const results = await db.transaction(async (tx) => {
        const store = new DatabaseSeenStore(tx, { atMs: 1, scannerId: null });
        const answers = [await store.recordFirstSighting(1, 2, 3), await store.recordFirstSighting(1, 2, 3), await store.recordFirstSighting(1, 2, 4)];
        // The transaction still takes statements after the unique violation.
        const rows = await tx.query('SELECT COUNT(*) AS n FROM authority_sightings');
        return { answers, rows };
      });
      expect(results).toEqual({ answers: [true, false, true], rows: [{ n: 2n }] });
    });

    it('many concurrent first sightings of one triple through two connections: exactly one is first', async () => {
      const db = await open({ migrations: AUTHORITY_MIGRATIONS });
      const other = await open({ url: db.url });
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => new DatabaseSeenStore(i % 2 === 0 ? db : other, { atMs: i, scannerId: `s${i}` }).recordFirstSighting(7, 7, 7)),
      );
      expect(answers.filter((a) => a)).toHaveLength(1);
    });

    it('refuses to update or delete a sighting: the table is append-only', async () => {
      const db = await open({ migrations: AUTHORITY_MIGRATIONS });
      await new DatabaseSeenStore(db, { atMs: 1, scannerId: null }).recordFirstSighting(1, 1, 1);
      await expect(db.execute('DELETE FROM authority_sightings')).rejects.toThrow(/append-only/);
      await expect(db.execute('UPDATE authority_sightings SET scanner_id = ?', ['x'])).rejects.toThrow(/append-only/);
    });
  });
});

forDialect('postgres', (open) => {
  it('a sighting inserted by a transaction not yet committed makes a concurrent one wait, then lose', async () => {
    const db = await open({ migrations: AUTHORITY_MIGRATIONS });
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstInserted!: () => void;
    const inserted = new Promise<void>((resolve) => {
      firstInserted = resolve;
    });
    const first = db.transaction(async (tx) => {
      const answer = await new DatabaseSeenStore(tx, { atMs: 1, scannerId: 'first' }).recordFirstSighting(9, 9, 9);
      firstInserted();
      await firstHolds;
      return answer;
    });
    await inserted;
    const second = db.transaction(async (tx) => new DatabaseSeenStore(tx, { atMs: 2, scannerId: 'second' }).recordFirstSighting(9, 9, 9));
    // The second insert waits on the first transaction's row lock; give it time to reach the wait.
    await new Promise((resolve) => setTimeout(resolve, 100));
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual([true, false]);
    expect((await findSighting(db, { licenseNumber: 9, psdId: 9, pieceCount: 9 }))?.scannerId).toBe('first');
  });
});
