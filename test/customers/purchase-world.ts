// The setup of the refusal tests of issue #4: the real web app (buildWebApp) buying from a REAL processing
// server (test/processing/processing-world.ts: a real PSD ledger, a software crypto module and a test
// postal authority) listening on loopback, with the payment simulator as its card gateway. Customers are
// made the way the other suites make them, and `snapshot()` reads everything a refused purchase must not
// touch: the PSD's registers in the processing ledger, the account's balance and held money, its card book,
// its purchase rows and what the simulated gateway charged it.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { AccountAdmin } from '../../src/accounts/account-admin.js';
import { ERRORS, type ErrorCode } from '../../src/errors/catalogue.js';
import { HTTP_STATUS } from '../../src/errors/http-status.js';
import { defineWebConfig } from '../../src/web/config.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { buildWebApp, type WebApp } from '../../src/web/web-app.js';
import { TEST_SCRYPT, type makeReadyAccount } from '../accounts/ready-account.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';
import { makeFundedCustomer } from '../helpers/customer.js';
import { startSimulatorFixture, testCard, type SimulatorFixture } from '../payment/simulator-fixture.js';
import { INTERNAL_TOKEN, openProcessingWorld, SERVER_ID, type ProcessingWorld } from '../processing/processing-world.js';

/** What the PSD is funded with before the web app sees it: $500. */
export const PSD_FUNDING_MILLS = 500_000n;

/** A customer of the web app and the bearer header of its owner's API key. */
export interface Customer {
  readonly accountId: string;
  readonly userId: string;
  readonly email: string;
  readonly auth: string;
}

/** The PSD registers a purchase moves. */
export interface PsdRegisters {
  readonly ascending: bigint;
  readonly descending: bigint;
  readonly pieceCount: number;
}

/** Everything a refused purchase must leave as it was, read from the databases and the gateway. */
export interface Snapshot {
  readonly registers: PsdRegisters;
  /** GET /v1/balance of the customer. */
  readonly balanceMills: bigint;
  readonly heldMills: bigint;
  /** The account's `card` book in its ledger (negative = charged to the card). */
  readonly cardBookMills: bigint;
  /** The account's purchase rows by state. */
  readonly purchases: { readonly pending: number; readonly completed: number; readonly failed: number };
  /** What the simulated gateway holds as charged to the account's cards, net of refunds, in cents. */
  readonly gatewayNetCents: bigint;
  /** How many charges the simulated gateway made to the account's cards. */
  readonly gatewayCharges: number;
}

/** The running setup. */
export interface PurchaseWorld {
  readonly processing: ProcessingWorld;
  readonly psdId: number;
  readonly app: WebApp;
  readonly db: TestDatabase;
  readonly payments: SimulatorFixture;
  /** Operator tasks over the web database (suspend, verify email, accounts without address). */
  readonly admin: AccountAdmin;
  /** Today (UTC), as dateOfMailing. */
  readonly today: string;
  /** The rate of a 1-oz First-Class letter from 94107 to 10001 today, in mills (GET /v1/rates/quote). */
  readonly letterRateMills: bigint;
}

/** Options of the world: the simulator's hold of the time-out card and the client's deadline. */
export interface PurchaseWorldOptions {
  readonly holdMs?: number;
  readonly gatewayTimeoutMs?: number;
}

/** Starts the processing world, funds its PSD, listens, and builds the web app over a fresh database with it registered. */
export async function openPurchaseWorld(open: OpenTestDatabase, options: PurchaseWorldOptions = {}): Promise<PurchaseWorld> {
  const processing = await openProcessingWorld(open);
  const psd = processing.psds[0]!.psd;
  // A provisioned PSD holds nothing until it is reset from the deposit.
  await processing.ledger.resetPsd(psd.psdId, PSD_FUNDING_MILLS);
  await processing.app.listen({ host: '127.0.0.1', port: 0 });
  const address = processing.app.server.address();
  const processingUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const payments = await startSimulatorFixture({ holdMs: options.holdMs ?? 30_000, timeoutMs: options.gatewayTimeoutMs ?? 5_000 });
  const db = await open({ migrations: WEB_MIGRATIONS });
  const config = defineWebConfig({
    licenseNumber: psd.licenseNumber,
    internalToken: INTERNAL_TOKEN,
    dispatchTimeoutMs: 5_000,
    lookupTimeoutMs: 5_000,
    healthTimeoutMs: 2_000,
    // Health rounds are run by hand (checkNow); the loop is not started.
    healthIntervalMs: 60_000,
  });
  // No readiness cache (5 s by default): the tests suspend, reinstate and verify, then buy at once.
  const app = await buildWebApp({ config, db, gateway: payments.gateway, operator: null, accounts: { passwordParams: TEST_SCRYPT, cacheMs: 0 } });
  onTestFinished(() => app.close());
  await app.web.registry.add(SERVER_ID, processingUrl);
  await app.web.healthChecker.checkNow();
  expect(app.web.registry.eligible().map((s) => s.name)).toEqual([SERVER_ID]);
  const today = new Date().toISOString().slice(0, 10);
  const quote = await app.inject({ method: 'GET', url: `/v1/rates/quote?rateCategory=1&weightOz=1&originZip=94107&destinationZip=10001&dateOfMailing=${today}` });
  expect(quote.statusCode, quote.body).toBe(200);
  const letterRateMills = BigInt((quote.json() as { postageMills: string }).postageMills);
  return { processing, psdId: psd.psdId, app, db, payments, admin: new AccountAdmin(db, { passwordParams: TEST_SCRYPT }), today, letterRateMills };
}

/** One First-Class letter from 94107 to 10001, mailed today, at `postageMills` (whole cents, so a card can pay it). */
export function letter(w: PurchaseWorld, postageMills: bigint, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { rateCategory: 1, postage: postageMills.toString(), dateOfMailing: w.today, originZip: '94107-0001', destinationZip: '10001', ...extra };
}

/** POST /v1/stamps through the web app with a fresh Idempotency-Key. */
export function buy(w: PurchaseWorld, c: Customer, stamps: readonly Record<string, unknown>[]): Promise<LightMyRequestResponse> {
  return w.app.inject({ method: 'POST', url: '/v1/stamps', headers: { authorization: c.auth, 'idempotency-key': randomUUID() }, payload: { stamps } });
}

/** A customer's call to the public API; the parsed JSON, after checking the status. */
export async function call(w: PurchaseWorld, c: Customer, method: 'GET' | 'POST' | 'PUT', url: string, status: number, payload?: object): Promise<Record<string, unknown>> {
  const res = await w.app.inject({ method, url, headers: { authorization: c.auth }, ...(payload === undefined ? {} : { payload }) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json() as Record<string, unknown>;
}

/** A ready, prepaid customer (verified email, address) credited with `creditMills` by the operator. */
export async function prepaidCustomer(w: PurchaseWorld, creditMills: bigint, overrides: Parameters<typeof makeReadyAccount>[1] = {}): Promise<Customer> {
  const r = await makeFundedCustomer(w.db, creditMills, overrides);
  return { accountId: r.accountId, userId: r.userId, email: r.email, auth: `Bearer ${r.apiKeySecret}` };
}

/** A customer whose account was created without a postal address (otherwise ready and credited). */
export async function customerWithoutAddress(w: PurchaseWorld, creditMills: bigint): Promise<Customer> {
  const email = `no-address-${randomUUID()}@example.com`;
  const { account, user } = await w.admin.createAccount({ name: 'No address yet', ownerEmail: email, password: 'correct horse battery', emailVerified: true });
  const key = await w.admin.apiKeys.create('test key', { accountId: account.id, userId: user.id });
  const c = { accountId: account.id, userId: user.id, email: user.email, auth: `Bearer ${key.secret}` };
  await w.app.web.billing.creditPromotion(c.accountId, creditMills, 'test credit');
  return c;
}

/** A ready customer switched to pay-per-purchase (PUT /v1/billing), with the given test card on file (POST /v1/cards), or none. */
export async function perPurchaseCustomer(w: PurchaseWorld, cardNumber: string | null): Promise<Customer> {
  const c = await prepaidCustomer(w, 0n);
  const settings = await call(w, c, 'GET', '/v1/billing', 200);
  const changed = await call(w, c, 'PUT', '/v1/billing', 200, { ...settings, mode: 'per_purchase' });
  expect(changed.mode).toBe('per_purchase');
  if (cardNumber !== null) await addCard(w, c, cardNumber, true);
  return c;
}

/** Adds a test card through the API (optionally making it the default); its id. */
export async function addCard(w: PurchaseWorld, c: Customer, cardNumber: string, makeDefault: boolean): Promise<string> {
  const card = await call(w, c, 'POST', '/v1/cards', 201, testCard(cardNumber));
  const id = card.id as string;
  if (makeDefault && card.isDefault !== true) await call(w, c, 'POST', `/v1/cards/${id}/default`, 200);
  return id;
}

/** The PSD's registers, read from the processing server's ledger. */
export async function psdRegisters(w: PurchaseWorld): Promise<PsdRegisters> {
  const r = (await w.processing.ledger.getPsd(w.psdId)).registers;
  return { ascending: r.ascending, descending: r.descending, pieceCount: r.pieceCount };
}

/** Reads everything `Snapshot` describes for customer `c`. */
export async function snapshot(w: PurchaseWorld, c: Customer): Promise<Snapshot> {
  const balance = await call(w, c, 'GET', '/v1/balance', 200);
  const card = await w.db.query<{ amount_mills: unknown }>('SELECT amount_mills FROM ledger_totals WHERE account_id = ? AND book = ?', [c.accountId, 'card']);
  const rows = await w.db.query<{ state: string; n: unknown }>('SELECT state, COUNT(*) AS n FROM purchases WHERE account_id = ? GROUP BY state', [c.accountId]);
  const count = (state: string): number => Number(rows.find((r) => r.state === state)?.n ?? 0);
  const tokens = new Set((await w.db.query<{ gateway_token: string }>('SELECT gateway_token FROM cards WHERE account_id = ?', [c.accountId])).map((r) => r.gateway_token));
  const charges = [...w.payments.simulator.store.charges.values()].filter((ch) => tokens.has(ch.token));
  return {
    registers: await psdRegisters(w),
    balanceMills: BigInt(balance.balanceMills as string),
    heldMills: BigInt(balance.heldMills as string),
    cardBookMills: card.length === 0 ? 0n : BigInt(String(card[0]!.amount_mills)),
    purchases: { pending: count('pending'), completed: count('completed'), failed: count('failed') },
    gatewayNetCents: charges.reduce((sum, ch) => sum + ch.amountCents - ch.refundedCents, 0n),
    gatewayCharges: charges.length,
  };
}

/** How a refusal is expected to have been handled: before anything was recorded, or recorded and then failed (a card refusal). */
export type RefusedAt = 'before-recording' | 'after-recording';

/**
 * Buys `stamps` as `c` and checks the refusal: the HTTP status of the code's kind, the code itself (a
 * catalogued one), no purchase pending, no PSD register moved, balance, held money and card book as they
 * were, and nothing charged at the gateway. Returns the error body.
 */
export async function expectRefused(
  w: PurchaseWorld,
  c: Customer,
  label: string,
  stamps: readonly Record<string, unknown>[],
  code: ErrorCode,
  at: RefusedAt = 'before-recording',
): Promise<Record<string, unknown>> {
  expect(ERRORS[code], `${label}: ${code} is catalogued`).toBeDefined();
  const before = await snapshot(w, c);
  const res = await buy(w, c, stamps);
  const body = res.json() as Record<string, unknown>;
  expect({ status: res.statusCode, code: body.code }, `${label}: ${res.body}`).toEqual({ status: HTTP_STATUS[ERRORS[code].kind], code });
  const after = await snapshot(w, c);
  expect(after.registers, `${label}: no PSD register moved`).toEqual(before.registers);
  expect(after.purchases, `${label}: purchase rows`).toEqual({
    pending: 0,
    completed: before.purchases.completed,
    failed: before.purchases.failed + (at === 'after-recording' ? 1 : 0),
  });
  expect({ balance: after.balanceMills, held: after.heldMills, card: after.cardBookMills }, `${label}: the account's money`).toEqual({
    balance: before.balanceMills,
    held: before.heldMills,
    card: before.cardBookMills,
  });
  expect({ net: after.gatewayNetCents, charges: after.gatewayCharges }, `${label}: nothing charged at the gateway`).toEqual({
    net: before.gatewayNetCents,
    charges: before.gatewayCharges,
  });
  return body;
}

/** A stamp of a 201 answer. */
export interface BoughtStamp {
  readonly id: string;
  readonly indicium: string;
  readonly fields: Record<string, number | string>;
}

/**
 * Buys `stamps` as `c` and checks that it went through: 201, every stamp from the PSD, the registers moved by
 * exactly the total (AR up, DR down, one piece per stamp), and the money: prepaid — the balance debited by the
 * total, nothing left held; per purchase — one new gateway charge of the total, the card book down by it.
 */
export async function expectBought(w: PurchaseWorld, c: Customer, label: string, stamps: readonly Record<string, unknown>[], paid: 'balance' | 'card'): Promise<BoughtStamp[]> {
  const before = await snapshot(w, c);
  const res = await buy(w, c, stamps);
  expect(res.statusCode, `${label}: ${res.body}`).toBe(201);
  const bought = (res.json() as { stamps: BoughtStamp[] }).stamps;
  expect(bought, label).toHaveLength(stamps.length);
  const total = stamps.reduce((sum, s) => sum + BigInt(s.postage as string), 0n);
  expect(bought.map((s) => s.fields.psdId)).toEqual(stamps.map(() => w.psdId));
  const after = await snapshot(w, c);
  expect(after.registers, `${label}: the registers moved by the purchase`).toEqual({
    ascending: before.registers.ascending + total,
    descending: before.registers.descending - total,
    pieceCount: before.registers.pieceCount + stamps.length,
  });
  expect(after.purchases, `${label}: purchase rows`).toEqual({ pending: 0, completed: before.purchases.completed + 1, failed: before.purchases.failed });
  if (paid === 'balance') {
    expect({ balance: after.balanceMills, held: after.heldMills, card: after.cardBookMills, charges: after.gatewayCharges }, `${label}: paid from the balance`).toEqual({
      balance: before.balanceMills - total,
      held: 0n,
      card: before.cardBookMills,
      charges: before.gatewayCharges,
    });
  } else {
    expect(
      { balance: after.balanceMills, held: after.heldMills, card: after.cardBookMills, charges: after.gatewayCharges, net: after.gatewayNetCents },
      `${label}: charged to the card once`,
    ).toEqual({
      balance: before.balanceMills,
      held: 0n,
      card: before.cardBookMills - total,
      charges: before.gatewayCharges + 1,
      net: before.gatewayNetCents + total / 10n,
    });
  }
  return bought;
}
