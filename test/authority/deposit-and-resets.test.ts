import { describe, expect, it } from 'vitest';
import {
  resetAuthorizationFromJson,
  verifyResetAuthorization,
  type ResetAuthorizationJson,
} from '../../src/authority/reset-authorization.js';
import { forEachDialect } from '../helpers/dialects.js';
import { POLICY, authorityFixture, balanceOf, expectError, licensedWithPsd, newPsdKey } from './authority-fixture.js';

interface DepositStatement {
  balanceMills: string;
  entries: { entryId: number; kind: string; amountMills: string; reference: string; psdId: number | null }[];
}

const reset = (psdId: number, currentControlTotal: string, amount: string, transactionId: string) => ({
  psdId,
  currentControlTotal,
  amount,
  transactionId,
});

forEachDialect((_dialect, open) => {
  describe('deposit', () => {
    it('is funded by the operator only, once per reference, and shows its balance and entries', async () => {
      const f = await authorityFixture(open);
      expectError(await f.vendor('POST', '/v1/deposit/fund', { amountMills: '5000', reference: 'wire-1' }), 'AUTH_FORBIDDEN');
      const first = await f.operator('POST', '/v1/deposit/fund', { amountMills: '5000', reference: 'wire-1' });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ balanceMills: '5000', entry: { kind: 'funding', amountMills: '5000', reference: 'wire-1' } });
      const retry = await f.operator('POST', '/v1/deposit/fund', { amountMills: 5000, reference: 'wire-1' });
      expect(retry.statusCode).toBe(200);
      expect((retry.json() as { entry: unknown }).entry).toEqual((first.json() as { entry: unknown }).entry);
      expectError(await f.operator('POST', '/v1/deposit/fund', { amountMills: '5001', reference: 'wire-1' }), 'DEPOSIT_REFERENCE_REUSED');
      await f.operator('POST', '/v1/deposit/fund', { amountMills: '2500', reference: 'wire-2' });
      const statement = (await f.vendor('GET', '/v1/deposit')).json() as DepositStatement;
      expect(statement.balanceMills).toBe('7500');
      expect(statement.entries.map((e) => [e.kind, e.amountMills, e.reference])).toEqual([
        ['funding', '5000', 'wire-1'],
        ['funding', '2500', 'wire-2'],
      ]);
      const page = (await f.vendor('GET', `/v1/deposit?afterId=${statement.entries[0]?.entryId}&limit=1`)).json() as DepositStatement;
      expect(page.entries.map((e) => e.reference)).toEqual(['wire-2']);
    });

    it('refuses zero, fractional, negative and oversized amounts', async () => {
      const f = await authorityFixture(open);
      expectError(await f.operator('POST', '/v1/deposit/fund', { amountMills: '0', reference: 'a' }), 'MONEY_OUT_OF_RANGE');
      expectError(await f.operator('POST', '/v1/deposit/fund', { amountMills: '1.5', reference: 'a' }), 'INVALID_ARGUMENT');
      expectError(await f.operator('POST', '/v1/deposit/fund', { amountMills: 1.5, reference: 'a' }), 'INVALID_ARGUMENT');
      expectError(await f.operator('POST', '/v1/deposit/fund', { amountMills: '-5', reference: 'a' }), 'INVALID_ARGUMENT');
      expectError(await f.operator('POST', '/v1/deposit/fund', { amountMills: (POLICY.maxFundingMills + 1n).toString(), reference: 'a' }), 'MONEY_OUT_OF_RANGE');
      expect(await balanceOf(f)).toBe(0n);
    });

    it('keeps its ledger append-only: the database refuses to change or delete an entry', async () => {
      const f = await authorityFixture(open);
      await f.operator('POST', '/v1/deposit/fund', { amountMills: '5000', reference: 'wire-1' });
      await expect(f.db.execute('UPDATE authority_deposit_entries SET amount_mills = 9999999')).rejects.toThrow(/append-only/);
      await expect(f.db.execute('DELETE FROM authority_deposit_entries')).rejects.toThrow(/append-only/);
      expect(await balanceOf(f)).toBe(5000n);
    });
  });

  describe('resets', () => {
    it('authorizes a reset that verifies with the authority public key, debits the deposit and records CT + amount', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      const res = await f.vendor('POST', '/v1/resets', reset(psdId, '0', '250000', 'tx-0001'));
      expect(res.statusCode).toBe(200);
      const json = res.json() as ResetAuthorizationJson;
      expect(json).toMatchObject({ licenseNumber: POLICY.licenseNumber, psdId, oldControlTotalMills: '0', newControlTotalMills: '250000', transactionId: 'tx-0001' });
      const published = ((await f.app.inject({ method: 'GET', url: '/v1/authority' })).json() as { publicKeyPem: string }).publicKeyPem;
      const authorization = resetAuthorizationFromJson(json);
      expect(verifyResetAuthorization(authorization, published)).toBe(true);
      expect(verifyResetAuthorization({ ...authorization, newControlTotalMills: 250001n }, published)).toBe(false);
      expect(await balanceOf(f)).toBe(750_000n);
      expect((await f.vendor('GET', `/v1/psds/${psdId}`)).json()).toMatchObject({ controlTotalMills: '250000' });
      const second = await f.vendor('POST', '/v1/resets', reset(psdId, '250000', '100000', 'tx-0002'));
      expect(second.json()).toMatchObject({ oldControlTotalMills: '250000', newControlTotalMills: '350000' });
      const statement = (await f.vendor('GET', '/v1/deposit')).json() as DepositStatement;
      expect(statement.entries.map((e) => [e.kind, e.amountMills, e.reference, e.psdId])).toEqual([
        ['funding', '1000000', 'wire-0001', null],
        ['reset', '-250000', 'tx-0001', psdId],
        ['reset', '-100000', 'tx-0002', psdId],
      ]);
    });

    it('a replayed transaction id gets the same authorization and moves money once; another body is a 409', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      const first = await f.vendor('POST', '/v1/resets', reset(psdId, '0', '300000', 'tx-replay'));
      const again = await f.vendor('POST', '/v1/resets', reset(psdId, '0', '300000', 'tx-replay'));
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(await balanceOf(f)).toBe(700_000n);
      const other = expectError(await f.vendor('POST', '/v1/resets', reset(psdId, '0', '300001', 'tx-replay')), 'RESET_TRANSACTION_ID_REUSED');
      expect(other.details).toEqual({ transactionId: 'tx-replay' });
      expect(await balanceOf(f)).toBe(700_000n);
    });

    it('refuses a stale control total (a rolled-back or replayed PSD) and moves nothing', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      await f.vendor('POST', '/v1/resets', reset(psdId, '0', '100000', 'tx-a'));
      const stale = expectError(await f.vendor('POST', '/v1/resets', reset(psdId, '0', '100000', 'tx-b')), 'CONTROL_TOTAL_MISMATCH');
      expect(stale.details).toEqual({ psdId, sentControlTotalMills: '0', recordedControlTotalMills: '100000' });
      expectError(await f.vendor('POST', '/v1/resets', reset(psdId, '100001', '100000', 'tx-c')), 'CONTROL_TOTAL_MISMATCH');
      expect(await balanceOf(f)).toBe(900_000n);
      expect((await f.vendor('GET', `/v1/psds/${psdId}`)).json()).toMatchObject({ controlTotalMills: '100000' });
      // The refused transaction id was not consumed: with the right CT it goes through.
      expect((await f.vendor('POST', '/v1/resets', reset(psdId, '100000', '100000', 'tx-b'))).statusCode).toBe(200);
    });

    it('refuses an amount the deposit does not cover, an unknown PSD, and out-of-range amounts', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 100_000n);
      const short = expectError(await f.vendor('POST', '/v1/resets', reset(psdId, '0', '100001', 'tx-1')), 'DEPOSIT_INSUFFICIENT');
      expect(short.details).toEqual({ balanceMills: '100000', amountMills: '100001' });
      expectError(await f.vendor('POST', '/v1/resets', reset(99, '0', '1000', 'tx-2')), 'PSD_UNKNOWN');
      expectError(await f.vendor('POST', '/v1/resets', reset(psdId, '0', '0', 'tx-3')), 'MONEY_OUT_OF_RANGE');
      expectError(await f.vendor('POST', '/v1/resets', reset(psdId, '0', (POLICY.maxResetMills + 1n).toString(), 'tx-4')), 'MONEY_OUT_OF_RANGE');
      expectError(await f.vendor('POST', '/v1/resets', reset(psdId, '0', '10', 'has space')), 'INVALID_ARGUMENT');
      expectError(await f.operator('POST', '/v1/resets', reset(psdId, '0', '10', 'tx-5')), 'AUTH_FORBIDDEN');
      expect(await balanceOf(f)).toBe(100_000n);
      // Exactly the balance is allowed.
      expect((await f.vendor('POST', '/v1/resets', reset(psdId, '0', '100000', 'tx-6'))).statusCode).toBe(200);
      expect(await balanceOf(f)).toBe(0n);
    });

    it('concurrent resets of one PSD with the same CT, through two app instances: exactly one wins', async () => {
      const f = await authorityFixture(open);
      const other = await authorityFixture(open, { url: f.db.url });
      const psdId = await licensedWithPsd(f, 10_000_000n);
      const attempts = Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? f : other).vendor('POST', '/v1/resets', reset(psdId, '0', '1000000', `tx-race-${i}`)),
      );
      const answers = await Promise.all(attempts);
      const winners = answers.filter((a) => a.statusCode === 200);
      expect(winners).toHaveLength(1);
      for (const loser of answers.filter((a) => a.statusCode !== 200)) expectError(loser, 'CONTROL_TOTAL_MISMATCH');
      expect(await balanceOf(f)).toBe(9_000_000n);
      expect((await other.vendor('GET', `/v1/psds/${psdId}`)).json()).toMatchObject({ controlTotalMills: '1000000' });
    });

    it('concurrent requests with one transaction id all get the same authorization and move money once', async () => {
      const f = await authorityFixture(open);
      const other = await authorityFixture(open, { url: f.db.url });
      const psdId = await licensedWithPsd(f, 10_000_000n);
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? f : other).vendor('POST', '/v1/resets', reset(psdId, '0', '2000000', 'tx-same'))),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array(6).fill(200));
      expect(new Set(answers.map((a) => a.body)).size).toBe(1);
      expect(await balanceOf(f)).toBe(8_000_000n);
    });

    it('concurrent resets of different PSDs never overdraw the deposit', async () => {
      const f = await authorityFixture(open);
      const other = await authorityFixture(open, { url: f.db.url });
      await licensedWithPsd(f, 3_000_000n);
      const ids: number[] = [1];
      for (let i = 0; i < 5; i++) {
        const res = await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(1), algorithm: 1 });
        ids.push((res.json() as { psdId: number }).psdId);
      }
      // Six resets of 1,000,000 mills against a deposit of 3,000,000: exactly three can pass.
      const answers = await Promise.all(ids.map((id, i) => (i % 2 === 0 ? f : other).vendor('POST', '/v1/resets', reset(id, '0', '1000000', `tx-psd-${id}`))));
      expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(3);
      for (const refused of answers.filter((a) => a.statusCode !== 200)) expectError(refused, 'DEPOSIT_INSUFFICIENT');
      expect(await balanceOf(f)).toBe(0n);
    });
  });
});
