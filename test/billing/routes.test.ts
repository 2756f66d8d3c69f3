// The billing routes through HTTP (app.inject), with a stand-in for the authenticating hook, against the
// payment simulator: cards, top-ups with Idempotency-Key, settings, balance, ledger, roles, isolation,
// and no card number in the database file or any log.
import { readFile, readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { setPrincipal, type Role } from '../../src/accounts/principal.js';
import { registerBillingRoutes } from '../../src/billing/billing.routes.js';
import { AppError } from '../../src/errors/app-error.js';
import { registerErrorHandler } from '../../src/http/error-handler.js';
import { TEST_CARDS } from '../../src/payment/simulator/test-cards.js';
import { errorSchema } from '../../src/web/schemas.js';
import { forDialect, forEachDialect } from '../helpers/dialects.js';
import { CARDS, startBillingWorld, testCard, type BillingWorld } from './billing-fixture.js';

/** The app with the billing routes; x-account and x-role stand in for a real credential. */
async function buildApp(w: BillingWorld, logLines: string[] = []): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: 'trace', stream: { write: (line: string) => void logLines.push(line) } },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allowUnionTypes: true } },
  });
  registerErrorHandler(app);
  app.addSchema(errorSchema);
  registerBillingRoutes(app, {
    billing: w.billing,
    authenticate: async (request) => {
      const accountId = request.headers['x-account'];
      if (typeof accountId !== 'string') throw new AppError('API_KEY_MISSING');
      const role = (request.headers['x-role'] ?? 'owner') as Role;
      setPrincipal(request, { accountId, userId: `${accountId}-${role}`, role, credentialId: `${accountId}-cred`, via: 'api_key' });
    },
  });
  await app.ready();
  return app;
}

function as(accountId: string, role: Role = 'owner', extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-account': accountId, 'x-role': role, ...extra };
}

forEachDialect((_dialect, open) => {
  describe('billing routes', () => {
    it('cards: POST 201, GET, default, DELETE 204; members get 403, strangers 401 before validation', async () => {
      const w = await startBillingWorld(open);
      const app = await buildApp(w);
      const added = await app.inject({ method: 'POST', url: '/v1/cards', headers: as('A'), payload: { ...testCard(CARDS.approve), holderName: 'Ada Lovelace' } });
      expect(added.statusCode, added.body).toBe(201);
      const card = added.json() as { id: string; last4: string; isDefault: boolean; holderName: string };
      expect(card).toMatchObject({ last4: '4242', brand: 'visa', isDefault: true, holderName: 'Ada Lovelace', expMonth: 12, expYear: 2030, expired: false });
      expect(added.body).not.toContain(CARDS.approve);
      const second = (await app.inject({ method: 'POST', url: '/v1/cards', headers: as('A'), payload: testCard(CARDS.mastercard) })).json() as { id: string };
      const def = await app.inject({ method: 'POST', url: `/v1/cards/${second.id}/default`, headers: as('A') });
      expect(def.statusCode).toBe(200);
      expect((def.json() as { isDefault: boolean }).isDefault).toBe(true);
      const list = await app.inject({ method: 'GET', url: '/v1/cards', headers: as('A') });
      expect((list.json() as { id: string }[]).map((c) => c.id)).toEqual([second.id, card.id]);
      expect((await app.inject({ method: 'DELETE', url: `/v1/cards/${card.id}`, headers: as('A') })).statusCode).toBe(204);
      const gone = await app.inject({ method: 'DELETE', url: `/v1/cards/${card.id}`, headers: as('A') });
      expect([gone.statusCode, gone.json().code]).toEqual([404, 'CARD_NOT_FOUND']);
      const bad = await app.inject({ method: 'POST', url: '/v1/cards', headers: as('A'), payload: { ...testCard(CARDS.approve), number: '4242424242424241' } });
      expect([bad.statusCode, bad.json().code]).toEqual([400, 'CARD_NUMBER_INVALID']);
      const byMember = await app.inject({ method: 'GET', url: '/v1/cards', headers: as('A', 'member') });
      expect([byMember.statusCode, byMember.json().code]).toEqual([403, 'ROLE_FORBIDDEN']);
      const stranger = await app.inject({ method: 'POST', url: '/v1/cards', payload: { nonsense: true } });
      expect([stranger.statusCode, stranger.json().code]).toEqual([401, 'API_KEY_MISSING']);
      const otherAccount = await app.inject({ method: 'POST', url: `/v1/cards/${second.id}/default`, headers: as('B') });
      expect([otherAccount.statusCode, otherAccount.json().code]).toEqual([404, 'CARD_NOT_FOUND']);
      await app.close();
    });

    it('top-ups: Idempotency-Key required, same key same answer and one charge, balance and ledger follow', async () => {
      const w = await startBillingWorld(open);
      const app = await buildApp(w);
      await app.inject({ method: 'POST', url: '/v1/cards', headers: as('A'), payload: testCard(CARDS.approve) });
      const noKey = await app.inject({ method: 'POST', url: '/v1/topups', headers: as('A'), payload: { amountDollars: '25.00' } });
      expect([noKey.statusCode, noKey.json().code]).toEqual([400, 'IDEMPOTENCY_KEY_MISSING']);
      const send = (key: string, payload: object) => app.inject({ method: 'POST', url: '/v1/topups', headers: as('A', 'owner', { 'idempotency-key': key }), payload });
      const first = await send('t-1', { amountDollars: '25.00' });
      expect(first.statusCode, first.body).toBe(201);
      const again = await send('t-1', { amountDollars: '25.00' });
      expect(again.json()).toEqual(first.json());
      expect((await send('t-1', { amountDollars: '26.00' })).json().code).toBe('TOPUP_IDEMPOTENCY_KEY_REUSED');
      expect((await send('t-2', { amount: '5.00' })).statusCode).toBe(201);
      expect((await send('t-3', { amountDollars: '2000.01' })).json().code).toBe('MONEY_OUT_OF_RANGE');
      expect((await send('t-4', {})).json().code).toBe('INVALID_ARGUMENT');
      expect(w.sim.simulator.store.charges.size).toBe(2);
      const balance = await app.inject({ method: 'GET', url: '/v1/balance', headers: as('A', 'member') });
      expect(balance.json()).toEqual({
        balanceMills: '30000',
        heldMills: '0',
        balanceDollars: '$30.00',
        lowBalance: false,
        lowBalanceWarningMills: '5000',
        mode: 'prepaid',
        autoRefill: { enabled: false, thresholdMills: '10000', amountMills: '50000', monthlyCapMills: '500000', usedThisMonthMills: '0' },
      });
      const ledger = await app.inject({ method: 'GET', url: '/v1/ledger?limit=1', headers: as('A', 'member') });
      const page = ledger.json() as { entries: { kind: string; lines: unknown[] }[]; nextCursor: string };
      expect(page.entries.map((e) => [e.kind, e.lines])).toEqual([['topup', [{ book: 'balance', amountMills: '5000' }, { book: 'card', amountMills: '-5000' }]]]);
      const next = await app.inject({ method: 'GET', url: `/v1/ledger?limit=1&cursor=${page.nextCursor}`, headers: as('A') });
      expect((next.json() as { entries: { reference: string }[] }).entries[0]!.reference).toBe((first.json() as { id: string }).id);
      expect((await app.inject({ method: 'GET', url: '/v1/ledger', headers: as('B') })).json()).toEqual({ entries: [], nextCursor: null });
      const declined = await app.inject({ method: 'POST', url: '/v1/topups', headers: as('D', 'owner', { 'idempotency-key': 'd' }), payload: { amountDollars: '10.00' } });
      expect([declined.statusCode, declined.json().code]).toEqual([402, 'CARD_REQUIRED']);
      await app.close();
    });

    it('settings: GET defaults, PUT by owners only with checks, then GET what was put', async () => {
      const w = await startBillingWorld(open);
      const app = await buildApp(w);
      const settings = { mode: 'per_purchase', autoRefill: { enabled: true, thresholdMills: '10000', amountMills: 20000, monthlyCapMills: '100000' }, lowBalanceWarningMills: '2500' };
      const byMember = await app.inject({ method: 'PUT', url: '/v1/billing', headers: as('A', 'member'), payload: settings });
      expect(byMember.statusCode).toBe(403);
      const put = await app.inject({ method: 'PUT', url: '/v1/billing', headers: as('A'), payload: settings });
      expect(put.statusCode, put.body).toBe(200);
      const expected = { mode: 'per_purchase', autoRefill: { enabled: true, thresholdMills: '10000', amountMills: '20000', monthlyCapMills: '100000' }, lowBalanceWarningMills: '2500' };
      expect(put.json()).toEqual(expected);
      expect((await app.inject({ method: 'GET', url: '/v1/billing', headers: as('A', 'member') })).json()).toEqual(expected);
      expect((await app.inject({ method: 'GET', url: '/v1/billing', headers: as('B') })).json().mode).toBe('prepaid');
      const capTooLow = await app.inject({ method: 'PUT', url: '/v1/billing', headers: as('A'), payload: { ...settings, autoRefill: { ...settings.autoRefill, monthlyCapMills: '10000' } } });
      expect([capTooLow.statusCode, capTooLow.json().code, capTooLow.json().details]).toEqual([400, 'BILLING_SETTINGS_INVALID', { field: 'autoRefill.monthlyCapMills' }]);
      const wrongMode = await app.inject({ method: 'PUT', url: '/v1/billing', headers: as('A'), payload: { ...settings, mode: 'free' } });
      expect(wrongMode.json().code).toBe('INVALID_ARGUMENT');
      await app.close();
    });
  });
});

forDialect('sqlite', (open) => {
  it('no card number is in the database file or any log, after every test card went through cards, top-ups and purchases', async () => {
    const w = await startBillingWorld(open);
    const httpLog: string[] = [];
    const app = await buildApp(w, httpLog);
    for (const [i, card] of TEST_CARDS.entries()) {
      const account = `acct-${i}`;
      const added = await app.inject({ method: 'POST', url: '/v1/cards', headers: as(account), payload: testCard(card.number) });
      expect(added.statusCode, added.body).toBe(201);
      await app.inject({ method: 'POST', url: '/v1/topups', headers: as(account, 'owner', { 'idempotency-key': `k${i}` }), payload: { amountDollars: '10.00' } });
      await app.inject({ method: 'PUT', url: '/v1/billing', headers: as(account), payload: { mode: 'per_purchase', autoRefill: { enabled: false, thresholdMills: '0', amountMills: '5000', monthlyCapMills: '5000' }, lowBalanceWarningMills: '0' } });
      try {
        const plan = await w.billing.preparePayment(account, 740n);
        await w.db.transaction((tx) => w.billing.holdInTx(tx, { accountId: account, purchaseId: `p${i}`, totalMills: 740n, plan }));
        await w.billing.chargeHeld(`p${i}`);
      } catch {
        await w.db.transaction((tx) => w.billing.releaseInTx(tx, `p${i}`));
      }
    }
    await w.billing.payOwedRefunds();
    await app.close();
    const file = w.db.url.replace(/^sqlite:/, '');
    const dir = dirname(file);
    const stored = (await Promise.all((await readdir(dir)).map((f) => readFile(`${dir}/${f}`)))).map((b) => b.toString('latin1')).join('\n');
    expect(stored).toContain('4242'); // last four digits are kept…
    const logs = [...httpLog, ...w.logLines, ...w.sim.logLines].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const card of TEST_CARDS) {
      expect(stored, `database holds ${card.number}`).not.toContain(card.number); // …the number never
      expect(logs, `logs hold ${card.number}`).not.toContain(card.number);
    }
  });
});
