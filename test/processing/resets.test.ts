// Resets through the processing server: automatic ones when funds run low (the deposit at the real
// authority goes down by the reset amount each time) and the operator's, on SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import type { DispenseResponse } from '../../src/internal-api/dispense-contract.js';
import { forEachDialect } from '../helpers/dialects.js';
import { dispense, dispenseItem, internal, openProcessingWorld, verifyStamps } from './processing-world.js';

forEachDialect((_dialect, open) => {
  describe('resets', () => {
    it('resets automatically when funds run low, and the authority deposit goes down by the reset amount', async () => {
      const amount = 20_000n;
      const world = await openProcessingWorld(open, { autoReset: { thresholdMills: 5_000n, amountMills: amount }, depositMills: 1_000_000n });
      const psdId = world.psds[0]!.psd.psdId;
      expect(await world.authority.depositMills()).toBe(1_000_000n);
      // A new PSD holds nothing: the first purchase waits for a reset and is then dispensed.
      const first = await dispense(world.app, [dispenseItem({ postage: '740' })]);
      expect(first.statusCode).toBe(200);
      expect(await world.authority.depositMills()).toBe(1_000_000n - amount);
      expect((await world.ledger.getPsd(psdId)).registers).toMatchObject({ control: amount, ascending: 740n, descending: amount - 740n });
      // 20 more stamps of 740 leave DR = 20,000 − 21 × 740 = 4,460, under the threshold: a top-up follows.
      const stamps = [first.json<DispenseResponse>().stamps[0]!];
      for (let i = 0; i < 20; i++) {
        const res = await dispense(world.app, [dispenseItem({ postage: '740' })]);
        expect(res.statusCode).toBe(200);
        stamps.push(res.json<DispenseResponse>().stamps[0]!);
      }
      await world.ledger.settled();
      expect(await world.authority.depositMills()).toBe(1_000_000n - 2n * amount);
      const psd = await world.ledger.getPsd(psdId);
      expect(psd.registers).toMatchObject({ control: 2n * amount, ascending: 21n * 740n, pieceCount: 21 });
      expect(psd.registers.descending).toBe(2n * amount - 21n * 740n);
      const authorityView = await world.authority.get(`/v1/psds/${psdId}`);
      expect(authorityView.controlTotalMills).toBe((2n * amount).toString());
      const resets = await world.ledger.listResets(psdId);
      expect(resets.map((r) => [r.origin, r.state, r.amount])).toEqual([
        ['automatic', 'applied', amount],
        ['automatic', 'applied', amount],
      ]);
      expect((await verifyStamps(world, stamps)).every((v) => v.status === 'valid')).toBe(true);
      expect((await internal(world.app, 'GET', '/internal/v1/audit')).statusCode).toBe(200);
    });

    it('refuses a purchase the deposit cannot cover without dispensing any of it', async () => {
      const world = await openProcessingWorld(open, { autoReset: { thresholdMills: 1_000n, amountMills: 50_000n }, depositMills: 10_000n });
      const item = dispenseItem();
      const res = await dispense(world.app, [item]);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('PSD_FUNDS_EXHAUSTED');
      expect(await world.authority.depositMills()).toBe(10_000n);
      const resets = await world.ledger.listResets(world.psds[0]!.psd.psdId);
      expect(resets.map((r) => r.state)).toEqual(['refused']);
      expect((await internal(world.app, 'POST', '/internal/v1/lookup', { requestIds: [item.requestId] })).json().stamps).toEqual([]);
    });

    it("applies the operator's reset and shows it in the PSD listing", async () => {
      const world = await openProcessingWorld(open, { depositMills: 1_000_000n });
      const psdId = world.psds[0]!.psd.psdId;
      const res = await internal(world.app, 'POST', `/internal/v1/psds/${psdId}/reset`, { amountMills: '250000' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ psdId, amountMills: '250000', appliedNow: true, registers: { controlTotalMills: '250000', descendingMills: '250000' } });
      expect(await world.authority.depositMills()).toBe(750_000n);
      const listing = (await internal(world.app, 'GET', '/internal/v1/psds')).json();
      expect(listing.psds[0]).toMatchObject({
        psdId,
        status: 'active',
        registers: { ascendingMills: '0', descendingMills: '250000', controlTotalMills: '250000', pieceCount: 0 },
        lastReset: { amountMills: '250000', state: 'applied', origin: 'manual' },
        pendingReset: false,
        inspectionOverdue: false,
      });
      const tooMuch = await internal(world.app, 'POST', `/internal/v1/psds/${psdId}/reset`, { amountMills: '5000000' });
      expect(tooMuch.statusCode).toBe(409);
      expect(tooMuch.json().code).toBe('RESET_REFUSED');
      expect(await world.authority.depositMills()).toBe(750_000n);
      for (const amountMills of ['0', '-5', '1.5', 'abc']) {
        const bad = await internal(world.app, 'POST', `/internal/v1/psds/${psdId}/reset`, { amountMills });
        expect(bad.statusCode).toBe(400);
      }
      const unknown = await internal(world.app, 'POST', '/internal/v1/psds/999/reset', { amountMills: '1000' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('PSD_NOT_FOUND');
    });
  });
});
