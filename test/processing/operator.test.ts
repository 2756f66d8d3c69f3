// The operator's routes (inspection, withdrawal, audit) and the health route, against a real
// authority, on SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import type { DispenseResponse, HealthResponse } from '../../src/internal-api/dispense-contract.js';
import { InspectionScheduler } from '../../src/processing/inspection-scheduler.js';
import { forEachDialect } from '../helpers/dialects.js';
import { dispense, dispenseItem, internal, openProcessingWorld, SERVER_ID } from './processing-world.js';

const DAY_MS = 24 * 60 * 60 * 1000;

forEachDialect((_dialect, open) => {
  describe('operator routes', () => {
    it('inspects a PSD: the authority records its registers, and an overdue PSD dispenses again', async () => {
      const world = await openProcessingWorld(open);
      const psdId = world.psds[0]!.psd.psdId;
      await world.ledger.resetPsd(psdId, 10_000n);
      expect((await dispense(world.app, [dispenseItem()])).statusCode).toBe(200);
      world.clock.offsetMs = 91 * DAY_MS;
      const overdue = await dispense(world.app, [dispenseItem()]);
      expect(overdue.statusCode).toBe(409);
      expect(overdue.json().code).toBe('PSD_INSPECTION_OVERDUE');
      const listed = (await internal(world.app, 'GET', '/internal/v1/psds')).json().psds[0];
      expect(listed.inspectionOverdue).toBe(true);
      const before = await world.ledger.getPsd(psdId);
      const res = await internal(world.app, 'POST', `/internal/v1/psds/${psdId}/inspect`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ psdId, registers: { ascendingMills: '740', controlTotalMills: '10000', pieceCount: 1 } });
      expect(body.audit.sequence).toBe(before.auditSequence + 1);
      expect(typeof body.authority.inspectionId).toBe('number');
      const rows = await world.authority.db.query('SELECT ascending_mills, piece_count, audit_head FROM authority_inspections WHERE psd_id = ?', [psdId]);
      expect(rows.map((r) => [r.ascending_mills, r.piece_count, r.audit_head])).toEqual([[740n, 1n, before.auditHead.toString('hex')]]);
      expect(Date.parse(body.inspectionDueAt)).toBeGreaterThan(Date.now() + 91 * DAY_MS);
      expect((await dispense(world.app, [dispenseItem()])).statusCode).toBe(200);
      expect((await internal(world.app, 'GET', '/internal/v1/audit')).statusCode).toBe(200);
    });

    it('withdraws a PSD: it dispenses no more, the authority credits its DR back once and revokes its certificate', async () => {
      const world = await openProcessingWorld(open, { psds: 2, depositMills: 1_000_000n });
      const [a, b] = world.psds.map((p) => p.psd.psdId) as [number, number];
      await world.ledger.resetPsd(a, 100_000n);
      await world.ledger.resetPsd(b, 100_000n);
      expect((await dispense(world.app, [dispenseItem({ postage: '1000' }), dispenseItem({ postage: '1000' })])).statusCode).toBe(200);
      const dr = (await world.ledger.getPsd(a)).registers.descending;
      const deposit = await world.authority.depositMills();
      const res = await internal(world.app, 'POST', `/internal/v1/psds/${a}/withdraw`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ psdId: a, withdrawnNow: true, authority: { creditedMills: dr.toString() } });
      expect(await world.authority.depositMills()).toBe(deposit + dr);
      const again = await internal(world.app, 'POST', `/internal/v1/psds/${a}/withdraw`);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ withdrawnNow: false, authority: { creditedMills: dr.toString() } });
      expect(await world.authority.depositMills()).toBe(deposit + dr);
      const directory = await world.authority.get('/.well-known/indicia-certificates.json');
      const certificates = directory.certificates as { psdId: number; status: string }[];
      expect(certificates.find((c) => c.psdId === a)?.status).toBe('revoked');
      const stamps = (await dispense(world.app, [dispenseItem(), dispenseItem(), dispenseItem()])).json<DispenseResponse>().stamps;
      expect(stamps.map((s) => s.psdId)).toEqual([b, b, b]);
      const health = await internal(world.app, 'GET', '/internal/v1/health');
      expect(health.statusCode).toBe(200);
      expect(health.json<HealthResponse>()).toEqual({ serverId: SERVER_ID, status: 'ok', availablePsds: 1 });
      expect((await internal(world.app, 'POST', `/internal/v1/psds/${a}/inspect`)).json().code).toBe('PSD_NOT_ACTIVE');
    });

    it('audits the whole ledger: 200 when clean, 409 LEDGER_AUDIT_FAILED naming the break after tampering', async () => {
      const world = await openProcessingWorld(open, { psds: 2 });
      for (const { psd } of world.psds) await world.ledger.resetPsd(psd.psdId, 50_000n);
      expect((await dispense(world.app, [dispenseItem(), dispenseItem(), dispenseItem()])).statusCode).toBe(200);
      const clean = await internal(world.app, 'GET', '/internal/v1/audit');
      expect(clean.statusCode).toBe(200);
      expect(clean.json()).toMatchObject({ serverId: SERVER_ID, ok: true });
      expect(clean.json().psds.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
      const victim = world.psds[1]!.psd.psdId;
      await world.db.execute('UPDATE audit_entries SET amount = amount + 1 WHERE psd_id = ? AND sequence = 2', [victim]);
      const broken = await internal(world.app, 'GET', '/internal/v1/audit');
      expect(broken.statusCode).toBe(409);
      const body = broken.json();
      expect(body.code).toBe('LEDGER_AUDIT_FAILED');
      const reports = body.details.psds as { psdId: number; ok: boolean; problems: { kind: string; sequence?: number }[] }[];
      expect(reports.find((r) => r.psdId === victim)?.ok).toBe(false);
      expect(reports.find((r) => r.psdId === victim)?.problems.some((p) => p.sequence === 2)).toBe(true);
      expect(reports.find((r) => r.psdId !== victim)?.ok).toBe(true);
    });
  });

  describe('InspectionScheduler', () => {
    it('reports PSDs after a reset and before their due date, and nothing in between', async () => {
      const world = await openProcessingWorld(open, { psds: 2 });
      const [a, b] = world.psds.map((p) => p.psd.psdId) as [number, number];
      const scheduler = new InspectionScheduler({
        ledger: world.ledger,
        authority: world.client,
        intervalMs: 60_000,
        marginMs: DAY_MS,
        log: { info: () => undefined, warn: () => undefined },
      });
      const inspectionsAtAuthority = async (psdId: number) =>
        (await world.authority.db.query('SELECT inspection_id FROM authority_inspections WHERE psd_id = ?', [psdId])).length;
      expect(await scheduler.tick()).toEqual({ inspected: [], failed: [] });
      world.clock.offsetMs = 10 * DAY_MS; // a reset, ten days after the provisioning inspection
      await world.ledger.resetPsd(a, 10_000n);
      expect((await scheduler.tick()).inspected).toEqual([a]);
      expect(await scheduler.tick()).toEqual({ inspected: [], failed: [] });
      world.clock.offsetMs = 89 * DAY_MS + DAY_MS / 2; // b falls due within the day; a, inspected at day 10, does not
      expect((await scheduler.tick()).inspected).toEqual([b]);
      expect([await inspectionsAtAuthority(a), await inspectionsAtAuthority(b)]).toEqual([1, 1]);
      expect((await world.ledger.getPsd(b)).inspectionDueAtMs).toBeGreaterThan(Date.now() + 179 * DAY_MS);
    });
  });

  describe('GET /internal/v1/health', () => {
    it('answers 503 down when no PSD can dispense and 200 when one can', async () => {
      const world = await openProcessingWorld(open, { psds: 2 });
      const health = async () => {
        const res = await internal(world.app, 'GET', '/internal/v1/health');
        return [res.statusCode, res.json<HealthResponse>()] as const;
      };
      // Without automatic resets an unfunded PSD cannot dispense.
      expect(await health()).toEqual([503, { serverId: SERVER_ID, status: 'down', availablePsds: 0 }]);
      await world.ledger.resetPsd(world.psds[0]!.psd.psdId, 10_000n);
      expect(await health()).toEqual([200, { serverId: SERVER_ID, status: 'degraded', availablePsds: 1 }]);
      await world.ledger.resetPsd(world.psds[1]!.psd.psdId, 10_000n);
      expect(await health()).toEqual([200, { serverId: SERVER_ID, status: 'ok', availablePsds: 2 }]);
      world.clock.offsetMs = 91 * DAY_MS;
      expect(await health()).toEqual([503, { serverId: SERVER_ID, status: 'down', availablePsds: 0 }]);
    });

    it('counts an unfunded PSD as available when it is reset automatically, and a server without PSDs as down', async () => {
      const world = await openProcessingWorld(open, { autoReset: { thresholdMills: 1_000n, amountMills: 10_000n } });
      const res = await internal(world.app, 'GET', '/internal/v1/health');
      expect([res.statusCode, res.json<HealthResponse>()]).toEqual([200, { serverId: SERVER_ID, status: 'ok', availablePsds: 1 }]);
      const empty = await world.addServer('ps-empty', { psds: 0 });
      const none = await internal(empty.app, 'GET', '/internal/v1/health');
      expect([none.statusCode, none.json<HealthResponse>()]).toEqual([503, { serverId: 'ps-empty', status: 'down', availablePsds: 0 }]);
    });
  });
});
