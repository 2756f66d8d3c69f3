// The simulator's HTTP API (docs/payment.md): the shape of a small card gateway. Amounts are integer
// cents; charges and refunds need an Idempotency-Key header. Routes parse and answer; the service
// (simulator-service.ts) decides.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import { IDEMPOTENCY_HEADER, checkIdempotencyKey } from '../idempotency-key.js';
import { fingerprintOf, once } from './simulator-idempotency.js';
import { chargeToken, refundCharge, tokenizeCard, type SimulatorContext } from './simulator-service.js';
import type { StoredCharge, StoredRefund, StoredToken } from './simulator-store.js';

// $999,999.99: the largest amount a charge or refund may have, in cents.
const MAX_AMOUNT_CENTS = 99_999_999;
const amount = { type: 'integer', minimum: 1, maximum: MAX_AMOUNT_CENTS } as const;
const id = { type: 'string', minLength: 1, maxLength: 64 } as const;

const tokenBody = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'expMonth', 'expYear', 'cvc'],
  properties: {
    number: { type: 'string', maxLength: 32 },
    expMonth: { type: ['integer', 'string'] },
    expYear: { type: ['integer', 'string'] },
    cvc: { type: 'string', maxLength: 8 },
  },
} as const;

const chargeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'amount', 'currency', 'description'],
  properties: { token: id, amount, currency: { type: 'string', enum: ['usd'] }, description: { type: 'string', maxLength: 500 } },
} as const;

const refundBody = {
  type: 'object',
  additionalProperties: false,
  required: ['charge', 'amount'],
  properties: { charge: id, amount },
} as const;

interface TokenBody {
  number: string;
  expMonth: number | string;
  expYear: number | string;
  cvc: string;
}

/** Installs the simulator's routes on `app`; `contextFor` gives the service its context for one reply. */
export function simulatorRoutes(app: FastifyInstance, contextFor: (reply: FastifyReply) => SimulatorContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.post<{ Body: TokenBody }>('/v1/tokens', { schema: { body: tokenBody } }, async (request, reply) =>
    tokenView(tokenizeCard(contextFor(reply), request.body)),
  );

  app.post<{ Body: { token: string; amount: number; currency: 'usd'; description: string } }>('/v1/charges', { schema: { body: chargeBody } }, async (request, reply) => {
    const ctx = contextFor(reply);
    const key = checkIdempotencyKey(request.headers[IDEMPOTENCY_HEADER]);
    const { token, amount: cents, description } = request.body;
    const fingerprint = fingerprintOf('POST /v1/charges', [token, cents, 'usd', description]);
    const { body, replayed } = await once(ctx.store, key, fingerprint, async () =>
      chargeView(await chargeToken(ctx, { token, amountCents: BigInt(cents), description })),
    );
    return reply.header('idempotent-replayed', String(replayed)).send(body);
  });

  app.post<{ Body: { charge: string; amount: number } }>('/v1/refunds', { schema: { body: refundBody } }, async (request, reply) => {
    const ctx = contextFor(reply);
    const key = checkIdempotencyKey(request.headers[IDEMPOTENCY_HEADER]);
    const { charge: chargeId, amount: cents } = request.body;
    const fingerprint = fingerprintOf('POST /v1/refunds', [chargeId, cents]);
    const { body, replayed } = await once(ctx.store, key, fingerprint, async () => {
      const { refund, charge } = refundCharge(ctx, { chargeId, amountCents: BigInt(cents) });
      return refundView(refund, charge);
    });
    return reply.header('idempotent-replayed', String(replayed)).send(body);
  });

  app.get<{ Params: { id: string } }>('/v1/charges/:id', async (request, reply) => {
    const charge = contextFor(reply).store.charges.get(request.params.id);
    if (charge === undefined) throw new AppError('PAYMENT_CHARGE_UNKNOWN', `No charge ${request.params.id}`, { chargeId: request.params.id });
    return chargeView(charge);
  });
}

function tokenView(t: StoredToken): Record<string, unknown> {
  return { token: t.id, object: 'token', brand: t.brand, last4: t.last4, expMonth: t.expMonth, expYear: t.expYear, created: t.created };
}

// Amounts below $1,000,000 in cents are safe JSON integers.
function chargeView(c: StoredCharge): Record<string, unknown> {
  return {
    id: c.id,
    object: 'charge',
    status: 'succeeded',
    amount: Number(c.amountCents),
    amountRefunded: Number(c.refundedCents),
    currency: c.currency,
    description: c.description,
    brand: c.brand,
    last4: c.last4,
    created: c.created,
  };
}

function refundView(r: StoredRefund, c: StoredCharge): Record<string, unknown> {
  return { id: r.id, object: 'refund', status: 'succeeded', charge: r.charge, amount: Number(r.amountCents), chargeAmountRefunded: Number(c.refundedCents), created: r.created };
}
