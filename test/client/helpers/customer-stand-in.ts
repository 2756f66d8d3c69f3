// A small stand-in of the customer side of the vendor's web server, for the user verbs balance, topup,
// cards, refund, orders and login --email: real Fastify on a loopback port with the shared error handler,
// answers of the shapes the real routes' schemas give (src/billing/billing.routes.ts,
// src/refunds/refunds.schemas.ts, src/history/history.schemas.ts, src/accounts/accounts.routes.ts), state
// in memory, and every request recorded. Top-ups are replayed by Idempotency-Key as the real service does.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { onTestFinished } from 'vitest';
import { fakeStamp } from '../../../src/client/client-test-support.js';
import { AppError } from '../../../src/errors/app-error.js';
import { registerErrorHandler } from '../../../src/http/error-handler.js';

/** The key the stand-in accepts. */
export const STAND_IN_KEY = 'ik_standin_owner';
/** The account's login. */
export const STAND_IN_LOGIN = { email: 'ada@example.com', password: 'correct horse battery' };

/** One request the stand-in received. */
export interface SeenCall {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

interface CardState {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  holderName: string | null;
  isDefault: boolean;
  removed: boolean;
}

/** The running stand-in. */
export interface CustomerStandIn {
  readonly url: string;
  readonly calls: SeenCall[];
  readonly state: {
    balanceMills: bigint;
    cards: CardState[];
    topUps: Map<string, { body: string; answer: Record<string, unknown> }>;
    /** Charges made on cards (one per top-up really charged). */
    charges: number;
    refunds: Record<string, unknown>[];
    apiKeys: { id: string; name: string; secret: string }[];
    sessions: Set<string>;
    /** Answers to lose: the next N top-ups are processed, then the connection is dropped. */
    dropTopUps: number;
    /** Rows of the stamps export. */
    csvRows: number;
  };
}

const STAMP_OK = 'stamp-ok';
const STAMP_USED = 'stamp-used';

const iso = (ms: number) => new Date(ms).toISOString();

/** Starts the stand-in on 127.0.0.1:0; closed when the test ends. */
export async function startCustomerStandIn(): Promise<CustomerStandIn> {
  const app: FastifyInstance = Fastify({ logger: false });
  registerErrorHandler(app);
  const state: CustomerStandIn['state'] = {
    balanceMills: 12_340n,
    cards: [{ id: 'card-1', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030, holderName: 'Ada Lovelace', isDefault: true, removed: false }],
    topUps: new Map(),
    charges: 0,
    refunds: [],
    apiKeys: [],
    sessions: new Set(),
    dropTopUps: 0,
    csvRows: 3,
  };
  const calls: SeenCall[] = [];
  app.addHook('onRequest', async (request) => {
    calls.push({ method: request.method, path: request.url, headers: request.headers, body: undefined });
  });
  app.addHook('preHandler', async (request) => {
    const last = calls.findLast((c) => c.path === request.url && c.method === request.method);
    if (last !== undefined) (last as { body: unknown }).body = request.body;
  });

  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const auth = request.headers.authorization;
    if (auth === `Bearer ${STAND_IN_KEY}` || state.apiKeys.some((k) => auth === `Bearer ${k.secret}`)) return;
    const cookie = /indicia_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    if (cookie !== undefined && state.sessions.has(cookie)) {
      if (request.method !== 'GET' && request.headers['x-csrf-token'] !== `csrf-${cookie}`) throw new AppError('CSRF_TOKEN_INVALID');
      return;
    }
    throw new AppError(auth === undefined && cookie === undefined ? 'API_KEY_MISSING' : 'API_KEY_INVALID');
  };
  const preHandler = authenticate;

  const cardView = (c: CardState) => ({ id: c.id, brand: c.brand, last4: c.last4, expMonth: c.expMonth, expYear: c.expYear, holderName: c.holderName, isDefault: c.isDefault, expired: false, createdAtMs: 1_764_000_000_000 });
  const activeCards = () => state.cards.filter((c) => !c.removed);
  const autoRefill = { enabled: true, thresholdMills: '10000', amountMills: '50000', monthlyCapMills: '500000' };

  app.get('/v1/balance', { preHandler }, async () => ({
    balanceMills: state.balanceMills.toString(),
    heldMills: '740',
    balanceDollars: `$${(Number(state.balanceMills) / 1000).toFixed(2)}`,
    lowBalance: state.balanceMills < 20_000n,
    lowBalanceWarningMills: '20000',
    mode: 'prepaid',
    autoRefill: { ...autoRefill, usedThisMonthMills: '50000' },
  }));

  app.post('/v1/topups', { preHandler }, async (request, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') throw new AppError('IDEMPOTENCY_KEY_MISSING');
    const body = request.body as { amountDollars?: string; cardId?: string };
    const text = JSON.stringify(body);
    const known = state.topUps.get(key);
    if (known !== undefined) {
      if (known.body !== text) throw new AppError('TOPUP_IDEMPOTENCY_KEY_REUSED');
      return reply.code(201).send(known.answer);
    }
    if (!/^\d+(\.\d\d)?$/.test(body.amountDollars ?? '')) throw new AppError('MONEY_INVALID', 'amountDollars', { field: 'amountDollars' });
    const card = body.cardId === undefined ? activeCards().find((c) => c.isDefault) : activeCards().find((c) => c.id === body.cardId);
    if (card === undefined) throw new AppError(body.cardId === undefined ? 'CARD_REQUIRED' : 'CARD_NOT_FOUND');
    if (card.last4 === '0002') throw new AppError('CARD_DECLINED', 'The bank declined the card');
    const mills = BigInt(Math.round(Number(body.amountDollars) * 1000));
    state.balanceMills += mills;
    state.charges++;
    const answer = { id: `topup-${state.charges}`, state: 'succeeded', amountMills: mills.toString(), amountDollars: `$${body.amountDollars}`, card: { id: card.id, brand: card.brand, last4: card.last4 }, createdAtMs: Date.now() };
    state.topUps.set(key, { body: text, answer });
    if (state.dropTopUps > 0) {
      state.dropTopUps--;
      // The top-up was made; its answer is lost on the way.
      request.raw.socket.destroy();
      return reply;
    }
    return reply.code(201).send(answer);
  });

  app.get('/v1/cards', { preHandler }, async () => activeCards().map(cardView));
  app.post('/v1/cards', { preHandler }, async (request, reply) => {
    const body = request.body as { number: string; expMonth: number; expYear: number; cvc: string; holderName?: string };
    if (!/^\d{13,19}$/.test(body.number)) throw new AppError('CARD_NUMBER_INVALID');
    const card: CardState = {
      id: `card-${state.cards.length + 1}`,
      brand: body.number.startsWith('5') ? 'mastercard' : 'visa',
      last4: body.number.slice(-4),
      expMonth: body.expMonth,
      expYear: body.expYear,
      holderName: body.holderName ?? null,
      isDefault: activeCards().length === 0,
      removed: false,
    };
    state.cards.push(card);
    return reply.code(201).send(cardView(card));
  });
  app.delete('/v1/cards/:id', { preHandler }, async (request, reply) => {
    const card = activeCards().find((c) => c.id === (request.params as { id: string }).id);
    if (card === undefined) throw new AppError('CARD_NOT_FOUND');
    card.removed = true;
    return reply.code(204).send();
  });
  app.post('/v1/cards/:id/default', { preHandler }, async (request) => {
    const card = activeCards().find((c) => c.id === (request.params as { id: string }).id);
    if (card === undefined) throw new AppError('CARD_NOT_FOUND');
    for (const c of state.cards) c.isDefault = c === card;
    return cardView(card);
  });

  app.get('/v1/stamps/:id/refund-eligibility', { preHandler }, async (request) => {
    const id = (request.params as { id: string }).id;
    if (id !== STAMP_OK && id !== STAMP_USED && !id.startsWith('stamp-')) throw new AppError('STAMP_NOT_FOUND');
    const already = state.refunds.some((r) => r.stampId === id);
    const reasons = [
      ...(id === STAMP_USED ? [{ code: 'REFUND_WINDOW_PASSED', message: 'The stamp was bought more than 30 days ago' }] : []),
      ...(already ? [{ code: 'REFUND_ALREADY_REQUESTED', message: 'A refund of this stamp was requested already' }] : []),
    ];
    return { stampId: id, eligible: reasons.length === 0, reasons, amountMills: '740', expectedDecisionDate: reasons.length === 0 ? '2026-12-24T00:00:00.000Z' : null };
  });
  app.post('/v1/refunds', { preHandler }, async (request, reply) => {
    const ids = (request.body as { stampIds: string[] }).stampIds;
    const refused = ids.filter((id) => id === STAMP_USED || state.refunds.some((r) => r.stampId === id));
    if (refused.length > 0) throw new AppError('REFUND_NOT_ELIGIBLE', 'no', { refused: refused.map((stampId) => ({ stampId, code: 'REFUND_WINDOW_PASSED' })) });
    const made = ids.map((stampId) => {
      const id = `refund-${state.refunds.length + 1}`;
      const refund = {
        id,
        stampId,
        purchaseId: 'order-1',
        status: 'requested',
        amountMills: '740',
        reasonCode: null,
        reason: null,
        requestedAt: iso(Date.UTC(2026, 10, 24)),
        expectedDecisionDate: iso(Date.UTC(2026, 11, 24)),
        decidedAt: null,
        publishedAt: null,
        creditedAt: null,
        links: { self: `/v1/refunds/${id}`, stamp: `/v1/stamps/${stampId}` },
      };
      state.refunds.push(refund);
      return refund;
    });
    return reply.code(201).send({ refunds: made });
  });
  app.get('/v1/refunds', { preHandler }, async (request) => {
    const { status } = request.query as { status?: string };
    return { refunds: state.refunds.filter((r) => status === undefined || r.status === status).reverse(), nextCursor: null };
  });
  app.get('/v1/refunds/:id', { preHandler }, async (request) => {
    const refund = state.refunds.find((r) => r.id === (request.params as { id: string }).id);
    if (refund === undefined) throw new AppError('REFUND_NOT_FOUND');
    return refund;
  });

  const order = (id: string, stateName: string) => ({
    id,
    state: stateName,
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:01.000Z',
    stampCount: stateName === 'completed' ? 2 : 0,
    totalMills: stateName === 'completed' ? '1480' : '740',
    totalDollars: stateName === 'completed' ? '1.480' : '0.740',
    failure: stateName === 'failed' ? { code: 'BALANCE_INSUFFICIENT', message: 'The balance does not cover the purchase' } : null,
    links: { self: `/v1/orders/${id}`, receipt: stateName === 'completed' ? `/v1/orders/${id}/receipt` : null },
  });
  const stamp = (id: string) => ({
    id,
    purchaseId: 'order-1',
    purchasedAt: '2026-11-24T10:00:01.000Z',
    dispensedAt: '2026-11-24T10:00:01.000Z',
    rateCategory: 1,
    rateCategoryName: 'First-Class Mail letter',
    postageMills: '740',
    postageDollars: '0.740',
    dateOfMailing: '2026-11-24',
    medium: id === 'stamp-a' ? { serial: '2026-1124-0001-8', slot: 3 } : null,
    refund: null,
    links: { self: `/v1/stamps/${id}` },
  });
  app.get('/v1/orders', { preHandler }, async (request) => {
    const q = request.query as { state?: string; from?: string; to?: string };
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new AppError('HISTORY_RANGE_INVALID', `The range from ${q.from} to ${q.to} ends before it starts`);
    const all = [order('order-1', 'completed'), order('order-2', 'failed')];
    return { orders: all.filter((o) => q.state === undefined || o.state === q.state), nextCursor: null };
  });
  app.get('/v1/orders/:id', { preHandler }, async (request) => {
    const id = (request.params as { id: string }).id;
    if (id !== 'order-1' && id !== 'order-2') throw new AppError('ORDER_NOT_FOUND');
    return { ...order(id, id === 'order-1' ? 'completed' : 'failed'), stamps: id === 'order-1' ? [stamp('stamp-a'), stamp('stamp-b')] : [] };
  });
  app.get('/v1/orders/:id/receipt', { preHandler }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (id === 'order-2') throw new AppError('ORDER_NOT_COMPLETED', 'Order order-2 failed and has no receipt');
    if (id !== 'order-1') throw new AppError('ORDER_NOT_FOUND');
    if ((request.headers.accept ?? '').includes('text/html')) return reply.type('text/html; charset=utf-8').send('<!doctype html><title>Receipt R-0001</title><h1>Receipt</h1>');
    return {
      receiptNumber: 'R-0001',
      orderId: 'order-1',
      orderedAt: '2026-11-24T10:00:00.000Z',
      completedAt: '2026-11-24T10:00:01.000Z',
      issuedAt: '2026-11-25T00:00:00.000Z',
      currency: 'USD',
      customer: { name: 'Ada', address: null },
      payment: { method: 'card', brand: 'visa', last4: '4242' },
      lines: ['stamp-a', 'stamp-b'].map((stampId, i) => ({ line: i + 1, stampId, rateCategory: 1, rateCategoryName: 'First-Class Mail letter', postageMills: '740', postageDollars: '0.740', medium: null, dateOfMailing: '2026-11-24', refund: null })),
      totalMills: '1480',
      totalDollars: '1.480',
      refundedMills: '0',
      refundedDollars: '0.000',
    };
  });
  const csv = (header: string, row: (i: number) => string) => async (_request: FastifyRequest, reply: FastifyReply) => {
    const lines = [header, ...Array.from({ length: state.csvRows }, (_, i) => row(i))];
    return reply.type('text/csv; charset=utf-8').send(`${lines.join('\r\n')}\r\n`);
  };
  app.get('/v1/orders.csv', { preHandler }, csv('order_id,state,total_usd', (i) => `order-${i + 1},completed,1.480`));
  app.get('/v1/stamps.csv', { preHandler }, csv('stamp_id,order_id,postage_usd', (i) => `stamp-${i + 1},order-1,0.740`));

  app.post('/v1/session', async (request, reply) => {
    const body = request.body as { email: string; password: string };
    if (body.email !== STAND_IN_LOGIN.email || body.password !== STAND_IN_LOGIN.password) throw new AppError('LOGIN_FAILED');
    const token = randomUUID();
    state.sessions.add(token);
    reply.header('set-cookie', `indicia_session=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600`);
    return {
      user: { id: 'user-1', email: body.email, role: 'owner', status: 'active', emailVerified: true, createdAt: '2026-11-24T00:00:00.000Z' },
      account: { id: 'account-1', name: 'Ada', status: 'active', address: null, createdAt: '2026-11-24T00:00:00.000Z' },
      csrfToken: `csrf-${token}`,
    };
  });
  app.delete('/v1/session', { preHandler }, async (request, reply) => {
    const cookie = /indicia_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    if (cookie !== undefined) state.sessions.delete(cookie);
    return reply.code(204).send();
  });
  app.post('/v1/api-keys', { preHandler }, async (request, reply) => {
    const name = (request.body as { name: string }).name;
    const key = { id: `key-${state.apiKeys.length + 1}`, name, secret: `ik_${randomUUID().replace(/-/g, '')}` };
    state.apiKeys.push(key);
    return reply.code(201).send({ key: { id: key.id, name, prefix: key.secret.slice(0, 10), userId: 'user-1', createdAt: iso(Date.now()), revokedAt: null }, secret: key.secret });
  });
  // What `indicia login` checks a key with.
  app.get('/v1/stamps', { preHandler }, async () => ({ stamps: [], nextCursor: null }));
  // A purchase priced by the server: each stamp without postage pays a rate of 50 mills per ounce over 690.
  app.post('/v1/stamps', { preHandler }, async (request, reply) => {
    const stamps = (request.body as { stamps: { postage?: string; weightOz?: number }[] }).stamps;
    const purchaseId = `order-${randomUUID()}`;
    const made = stamps.map((s, i) => {
      const postage = s.postage ?? String(690 + 50 * Math.ceil(s.weightOz ?? 1));
      const stamp = fakeStamp(`${purchaseId}-${i}`, purchaseId);
      return { ...stamp, fields: { ...stamp.fields, postage } };
    });
    return reply.code(201).send({ purchaseId, stamps: made });
  });

  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  onTestFinished(() => app.close());
  return { url, calls, state };
}
