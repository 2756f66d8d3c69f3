import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCertificateDirectoryJson } from '../../src/verifier/certificate-directory.js';
import { certificateStanding } from '../../src/verifier/rules.js';
import { forEachDialect } from '../helpers/dialects.js';
import { authorityFixture, balanceOf, expectError, licensedWithPsd } from './authority-fixture.js';

const MS_PER_DAY = 86_400_000;
const head = (text: string) => createHash('sha256').update(text).digest('hex');

const inspection = (psdId: number, ar: bigint, dr: bigint, pieceCount: number, auditHead = head('chain')) => ({
  psdId,
  registers: { ascending: ar.toString(), descending: dr.toString(), controlTotal: (ar + dr).toString() },
  pieceCount,
  auditHead,
});

forEachDialect((_dialect, open) => {
  describe('inspections', () => {
    it('records the registers and audit head and answers the next due date, 90 days on', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '0', amount: '500000', transactionId: 'tx-1' });
      f.clock.advanceMs(10 * MS_PER_DAY);
      const res = await f.vendor('POST', '/v1/inspections', inspection(psdId, 1_480n, 498_520n, 2));
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ psdId, inspectedAt: '2026-03-11T12:00:00.250Z', nextDueAt: '2026-06-09T12:00:00.250Z' });
      expect((await f.vendor('GET', `/v1/psds/${psdId}`)).json()).toMatchObject({ nextInspectionDueAt: '2026-06-09T12:00:00Z' });
      const rows = await f.db.query('SELECT audit_head, piece_count, ascending_mills FROM authority_inspections WHERE psd_id = ?', [psdId]);
      expect(rows).toEqual([{ audit_head: head('chain'), piece_count: 2n, ascending_mills: 1_480n }]);
    });

    it('refuses registers that break CT = AR + DR, a CT other than the record, and registers that went down', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '0', amount: '500000', transactionId: 'tx-1' });
      const broken = { ...inspection(psdId, 1_000n, 499_000n, 1), registers: { ascending: '1000', descending: '499000', controlTotal: '500001' } };
      expectError(await f.vendor('POST', '/v1/inspections', broken), 'REGISTERS_INCONSISTENT');
      expectError(await f.vendor('POST', '/v1/inspections', inspection(psdId, 5n, 499_995n, 6)), 'REGISTERS_INCONSISTENT');
      expectError(await f.vendor('POST', '/v1/inspections', inspection(psdId, 1_000n, 999_000n, 1)), 'CONTROL_TOTAL_MISMATCH');
      expect((await f.vendor('POST', '/v1/inspections', inspection(psdId, 3_000n, 497_000n, 4))).statusCode).toBe(201);
      expectError(await f.vendor('POST', '/v1/inspections', inspection(psdId, 2_000n, 498_000n, 4)), 'INSPECTION_REGISTERS_REGRESSED');
      expectError(await f.vendor('POST', '/v1/inspections', inspection(psdId, 3_000n, 497_000n, 3)), 'INSPECTION_REGISTERS_REGRESSED');
      expectError(await f.vendor('POST', '/v1/inspections', inspection(psdId, 3_000n, 497_000n, 4, 'XYZ')), 'INVALID_ARGUMENT');
      expectError(await f.vendor('POST', '/v1/inspections', inspection(77, 0n, 0n, 0)), 'PSD_UNKNOWN');
    });
  });

  describe('withdrawal', () => {
    it('credits the descending register back, marks the PSD withdrawn and its certificate revoked from now', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '0', amount: '400000', transactionId: 'tx-1' });
      expect(await balanceOf(f)).toBe(600_000n);
      f.clock.advanceMs(3 * MS_PER_DAY);
      const res = await f.vendor('POST', `/v1/psds/${psdId}/withdraw`, { descendingRegister: '150000', controlTotal: '400000' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        psdId,
        status: 'withdrawn',
        creditedMills: '150000',
        controlTotalMills: '400000',
        withdrawnAt: '2026-03-04T12:00:00.250Z',
        revokedAt: '2026-03-04T12:00:00Z',
      });
      expect(await balanceOf(f)).toBe(750_000n);

      const dirText = (await f.app.inject({ method: 'GET', url: '/.well-known/indicia-certificates.json' })).body;
      const entry = (JSON.parse(dirText) as { certificates: Record<string, unknown>[] }).certificates[0];
      expect(entry).toMatchObject({ psdId, status: 'revoked', revokedAt: '2026-03-04T12:00:00Z' });
      // Read by the verifier: mail dated on the withdrawal day still verifies, the next day does not.
      const cert = parseCertificateDirectoryJson(dirText, { authorityPublicKey: f.keys.publicKeyPem }).findBySerial(entry?.serial as number);
      const day = (iso: string) => Math.round((Date.parse(iso) - Date.parse('2000-01-01T00:00:00Z')) / MS_PER_DAY);
      expect(cert && certificateStanding(cert, day('2026-03-04T00:00:00Z')).passed).toBe(true);
      expect(cert && certificateStanding(cert, day('2026-03-05T00:00:00Z')).passed).toBe(false);

      // Repeating the same withdrawal credits nothing more; another one is refused.
      const again = await f.vendor('POST', `/v1/psds/${psdId}/withdraw`, { descendingRegister: '150000', controlTotal: '400000' });
      expect(again.json()).toEqual(res.json());
      expect(await balanceOf(f)).toBe(750_000n);
      expectError(await f.vendor('POST', `/v1/psds/${psdId}/withdraw`, { descendingRegister: '160000', controlTotal: '400000' }), 'PSD_WITHDRAWN');
      expectError(await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '400000', amount: '1000', transactionId: 'tx-2' }), 'PSD_WITHDRAWN');
      expectError(await f.vendor('POST', '/v1/inspections', inspection(psdId, 250_000n, 150_000n, 9)), 'PSD_WITHDRAWN');
      const statement = (await f.vendor('GET', '/v1/deposit')).json() as { entries: { kind: string; amountMills: string; reference: string }[] };
      expect(statement.entries.at(-1)).toMatchObject({ kind: 'withdrawal', amountMills: '150000', reference: `psd-${psdId}` });
    });

    it('refuses a control total other than the record, a DR above the CT, and an unknown PSD', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '0', amount: '400000', transactionId: 'tx-1' });
      expectError(await f.vendor('POST', `/v1/psds/${psdId}/withdraw`, { descendingRegister: '1', controlTotal: '0' }), 'CONTROL_TOTAL_MISMATCH');
      expectError(await f.vendor('POST', `/v1/psds/${psdId}/withdraw`, { descendingRegister: '400001', controlTotal: '400000' }), 'REGISTERS_INCONSISTENT');
      expectError(await f.vendor('POST', '/v1/psds/42/withdraw', { descendingRegister: '0', controlTotal: '0' }), 'PSD_UNKNOWN');
      expect(await balanceOf(f)).toBe(600_000n);
      expect((await f.vendor('GET', `/v1/psds/${psdId}`)).json()).toMatchObject({ status: 'active' });
    });

    it('a withdrawn key cannot be registered again', async () => {
      const f = await authorityFixture(open);
      await licensedWithPsd(f, 0n);
      const pem = (await f.vendor('GET', '/v1/psds/1')).json() as { publicKeyPem: string };
      await f.vendor('POST', '/v1/psds/1/withdraw', { descendingRegister: '0', controlTotal: '0' });
      expectError(await f.vendor('POST', '/v1/psds', { publicKeyPem: pem.publicKeyPem, algorithm: 1 }), 'PSD_WITHDRAWN');
    });
  });
});
