import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/ledger/audit-chain.js';
import { readAuditEntries } from '../../src/ledger/record-store.js';
import { forEachDialect } from '../helpers/dialects.js';
import { addPsd, openWorld, stampRequest, type LedgerWorld } from './ledger-fixture.js';

/** A PSD with a reset, 6 debits and an inspection: 8 audit entries, pieces 1…6. */
async function busyPsd(world: LedgerWorld, psdId: number): Promise<void> {
  await addPsd(world, psdId);
  await world.ledger.resetPsd(psdId, 50_000n);
  await world.ledger.dispense([100n, 200n, 300n].map((p) => stampRequest(p)), { psdIds: [psdId] });
  await world.ledger.recordInspection(psdId);
  await world.ledger.dispense([400n, 500n, 600n].map((p) => stampRequest(p)), { psdIds: [psdId] });
}

forEachDialect((_dialect, open) => {
  describe('ledger audit', () => {
    it('finds nothing wrong with an untouched ledger, signatures included, and its chain verifies', async () => {
      const world = await openWorld(open);
      await busyPsd(world, 1);
      await busyPsd(world, 2);
      const reports = await world.ledger.auditAll({ verifySignatures: true });
      expect(reports.map((r) => [r.psdId, r.ok, r.entries, r.records])).toEqual([
        [1, true, 8, 6],
        [2, true, 8, 6],
      ]);
      const entries = await readAuditEntries(world.db, 1, 0, 100);
      const psd = await world.ledger.getPsd(1);
      expect(verifyAuditChain(entries, { psdId: 1, expectedHead: psd.auditHead })).toMatchObject({ ok: true, length: 8 });
    });

    it('reports a tampered audit entry by its sequence number', async () => {
      const world = await openWorld(open);
      await busyPsd(world, 1);
      await world.db.execute('UPDATE audit_entries SET amount = amount + 1 WHERE psd_id = 1 AND sequence = 4');
      const report = await world.ledger.auditPsd(1);
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'chain', sequence: 4 }));
      expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'transition', sequence: 4 }));
      const entries = await readAuditEntries(world.db, 1, 0, 100);
      expect(verifyAuditChain(entries)).toMatchObject({ ok: false, sequence: 4, fault: 'hash' });
    });

    it('reports a deleted record, and the postage sum that no longer equals AR', async () => {
      const world = await openWorld(open);
      await busyPsd(world, 1);
      await world.db.execute('DELETE FROM indicium_records WHERE psd_id = 1 AND piece_count = 5');
      const report = await world.ledger.auditPsd(1);
      expect(report.ok).toBe(false);
      expect(report.records).toBe(5);
      expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'record-missing', pieceCount: 5 }));
      expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'postage-sum' }));
    });

    it('reports a record whose indicium bytes were replaced', async () => {
      const world = await openWorld(open);
      await busyPsd(world, 1);
      const [row] = await world.db.query('SELECT indicium FROM indicium_records WHERE psd_id = 1 AND piece_count = 2');
      const bytes = Buffer.from(row?.indicium as Buffer);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1; // one bit of the signature
      await world.db.execute('UPDATE indicium_records SET indicium = ? WHERE psd_id = 1 AND piece_count = 2', [bytes]);
      const report = await world.ledger.auditPsd(1);
      expect(report.problems).toEqual([expect.objectContaining({ kind: 'record-mismatch', pieceCount: 2 })]);
    });

    it('reports removed trailing entries and registers rolled back behind the chain', async () => {
      const world = await openWorld(open);
      await busyPsd(world, 1);
      await world.db.execute('DELETE FROM audit_entries WHERE psd_id = 1 AND sequence = 8');
      let report = await world.ledger.auditPsd(1);
      expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'head' }));

      const other = await openWorld(open);
      await busyPsd(other, 2);
      // A rollback of the PSD row to an earlier, self-consistent state (CT = AR + DR still holds).
      await other.db.execute(
        'UPDATE psds SET ascending_register = ascending_register - 600, descending_register = descending_register + 600, piece_count = 5 WHERE psd_id = 2',
      );
      report = await other.ledger.auditPsd(2);
      expect(report.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['registers', 'record-unexpected']));
    });

    it('reports a reset entry that no applied reset backs', async () => {
      const world = await openWorld(open);
      await busyPsd(world, 1);
      await world.db.execute('UPDATE psd_resets SET amount = amount + 1 WHERE psd_id = 1');
      const report = await world.ledger.auditPsd(1);
      expect(report.problems.map((p) => [p.kind, p.sequence])).toEqual([['reset-mismatch', 1]]);
    });

    it('reports every break, not only the first', async () => {
      const world = await openWorld(open);
      await busyPsd(world, 1);
      await world.db.execute('UPDATE audit_entries SET created_at_ms = created_at_ms + 1 WHERE psd_id = 1 AND sequence IN (2, 6)');
      await world.db.execute('DELETE FROM indicium_records WHERE psd_id = 1 AND piece_count IN (1, 3)');
      const report = await world.ledger.auditPsd(1);
      const chain = report.problems.filter((p) => p.kind === 'chain').map((p) => p.sequence);
      const missing = report.problems.filter((p) => p.kind === 'record-missing').map((p) => p.pieceCount);
      expect(chain).toEqual([2, 6]);
      expect(missing).toEqual([1, 3]);
    });
  });
});
