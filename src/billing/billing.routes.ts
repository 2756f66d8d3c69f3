// The billing routes of the public API: HTTP and validation only; BillingService does the rest.
// Every route reads the principal and touches only its account's rows.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { principalOf } from '../accounts/principal.js';
import { idempotencyKeyOf as defaultIdempotencyKeyOf } from '../web/auth.js';
import type { BillingSettingsInput } from './billing-settings.js';
import type { BillingService } from './billing.service.js';
import type { NewCardInput } from './card.service.js';

/** What the routes need: the service, the authenticating hook and how to read the Idempotency-Key header. */
export interface BillingRouteDeps {
  readonly billing: BillingService;
  /** Sets the principal (setPrincipal) or refuses; run before validation so that a stranger learns nothing from a 400. */
  readonly authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** IDEMPOTENCY_KEY_MISSING / IDEMPOTENCY_KEY_INVALID; src/web/auth.ts's by default. */
  readonly idempotencyKeyOf?: (request: FastifyRequest) => string;
}

const err = { $ref: 'Error#' } as const;
const errors = { 400: err, 401: err, 403: err, 500: err } as const;
const mills = { type: 'string', pattern: '^-?[0-9]+$', description: 'Mills (1 mill = $0.001), decimal string' } as const;
const millsIn = {
  anyOf: [
    { type: 'string', pattern: '^[0-9]{1,15}$' },
    { type: 'integer', minimum: 0 },
  ],
  description: 'Mills (1 mill = $0.001), whole cents: a decimal string or an integer',
} as const;

const cardSchema = {
  type: 'object',
  required: ['id', 'brand', 'last4', 'expMonth', 'expYear', 'holderName', 'isDefault', 'expired', 'createdAtMs'],
  properties: {
    id: { type: 'string' },
    brand: { type: 'string', description: 'visa, mastercard, american-express or discover' },
    last4: { type: 'string' },
    expMonth: { type: 'integer' },
    expYear: { type: 'integer' },
    holderName: { type: ['string', 'null'] },
    isDefault: { type: 'boolean', description: 'Top-ups, auto-refills and purchases paid per purchase use the default card' },
    expired: { type: 'boolean' },
    createdAtMs: { type: 'integer' },
  },
} as const;

const cardIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

const autoRefillOut = {
  type: 'object',
  required: ['enabled', 'thresholdMills', 'amountMills', 'monthlyCapMills'],
  properties: { enabled: { type: 'boolean' }, thresholdMills: mills, amountMills: mills, monthlyCapMills: mills, usedThisMonthMills: mills },
} as const;

const settingsOut = {
  type: 'object',
  required: ['mode', 'autoRefill', 'lowBalanceWarningMills'],
  properties: { mode: { type: 'string', enum: ['prepaid', 'per_purchase'] }, autoRefill: autoRefillOut, lowBalanceWarningMills: mills },
} as const;

const settingsIn = {
  type: 'object',
  additionalProperties: false,
  required: ['mode', 'autoRefill', 'lowBalanceWarningMills'],
  properties: {
    mode: { type: 'string', enum: ['prepaid', 'per_purchase'], description: 'prepaid: purchases spend the balance; per_purchase: each purchase charges the default card' },
    autoRefill: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'thresholdMills', 'amountMills', 'monthlyCapMills'],
      properties: { enabled: { type: 'boolean' }, thresholdMills: millsIn, amountMills: millsIn, monthlyCapMills: millsIn },
    },
    lowBalanceWarningMills: millsIn,
  },
} as const;

/** Registers /v1/cards, /v1/cards/{id}, /v1/cards/{id}/default, /v1/topups, /v1/billing, /v1/balance and /v1/ledger. */
export function registerBillingRoutes(app: FastifyInstance, deps: BillingRouteDeps): void {
  const { billing } = deps;
  const onRequest = deps.authenticate;
  const keyOf = deps.idempotencyKeyOf ?? defaultIdempotencyKeyOf;

  app.get(
    '/v1/cards',
    { onRequest, schema: { summary: 'List the cards on file', description: 'Owners only.', tags: ['billing'], response: { 200: { type: 'array', items: cardSchema }, ...errors } } },
    async (request) => billing.listCards(principalOf(request)),
  );

  app.post(
    '/v1/cards',
    {
      onRequest,
      schema: {
        summary: 'Add a card',
        description:
          'Owners only. The card is checked, then exchanged for a token at the payment gateway; the vendor keeps the token, brand, last four digits and expiry, ' +
          'never the number or the security code. The first card becomes the default.',
        tags: ['billing'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['number', 'expMonth', 'expYear', 'cvc'],
          properties: {
            number: { type: 'string', maxLength: 40 },
            expMonth: { anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 4 }] },
            expYear: { anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 4 }] },
            cvc: { type: 'string', maxLength: 8 },
            holderName: { type: 'string', maxLength: 200 },
          },
        },
        response: { 201: cardSchema, ...errors, 402: err, 409: err, 503: err },
      },
    },
    async (request, reply) => reply.code(201).send(await billing.addCard(principalOf(request), request.body as NewCardInput)),
  );

  app.delete(
    '/v1/cards/:id',
    {
      onRequest,
      schema: { summary: 'Remove a card', description: 'Owners only. When it was the default, the newest other card becomes the default.', tags: ['billing'], params: cardIdParams, response: { 204: { type: 'null' }, ...errors, 404: err } },
    },
    async (request, reply) => {
      await billing.removeCard(principalOf(request), (request.params as { id: string }).id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/cards/:id/default',
    { onRequest, schema: { summary: 'Make a card the default', description: 'Owners only.', tags: ['billing'], params: cardIdParams, response: { 200: cardSchema, ...errors, 404: err } } },
    async (request) => billing.makeDefaultCard(principalOf(request), (request.params as { id: string }).id),
  );

  app.post(
    '/v1/topups',
    {
      onRequest,
      preValidation: async (request) => void keyOf(request),
      schema: {
        summary: 'Top up the prepaid balance from a card',
        description:
          'Owners only. Charges the card (the default one unless cardId is given) and credits the balance. $5.00 to $2,000.00 in whole cents. ' +
          'Send a new Idempotency-Key with each top-up and the same key and body to retry it: a retry returns the first answer and never charges twice.',
        tags: ['billing'],
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', description: 'A unique key per top-up, such as a UUID' } } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            amountDollars: { type: 'string', maxLength: 20, description: 'Dollars, such as "25.00"' },
            amount: { type: 'string', maxLength: 20, description: 'The same as amountDollars (docs/customers.md names it amount)' },
            cardId: { type: 'string', minLength: 1, maxLength: 64 },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['id', 'state', 'amountMills', 'amountDollars', 'card', 'createdAtMs'],
            properties: {
              id: { type: 'string' },
              state: { type: 'string', enum: ['succeeded'] },
              amountMills: mills,
              amountDollars: { type: 'string' },
              card: { type: 'object', required: ['id', 'brand', 'last4'], properties: { id: { type: 'string' }, brand: { type: 'string' }, last4: { type: 'string' } } },
              createdAtMs: { type: 'integer' },
            },
          },
          ...errors,
          402: err,
          404: err,
          409: err,
          503: err,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { amountDollars?: string; amount?: string; cardId?: string };
      const amountDollars = body.amountDollars ?? body.amount;
      if (amountDollars === undefined || (body.amountDollars !== undefined && body.amount !== undefined)) {
        throw new AppError('INVALID_ARGUMENT', 'Give the top-up as amountDollars (such as "25.00"), once', { field: 'amountDollars' });
      }
      const result = await billing.topUp(principalOf(request), keyOf(request), { amountDollars, ...(body.cardId !== undefined ? { cardId: body.cardId } : {}) });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/v1/billing',
    { onRequest, schema: { summary: 'Get the billing settings', tags: ['billing'], response: { 200: settingsOut, ...errors } } },
    async (request) => billing.getSettings(principalOf(request)),
  );

  app.put(
    '/v1/billing',
    {
      onRequest,
      schema: {
        summary: 'Change the billing settings',
        description:
          'Owners only. Amounts in whole cents; the refill amount at least $5.00 and at least the threshold; the monthly cap at least one refill. ' +
          'A low-balance warning level of 0 turns the warning off.',
        tags: ['billing'],
        body: settingsIn,
        response: { 200: settingsOut, ...errors },
      },
    },
    async (request) => billing.putSettings(principalOf(request), request.body as BillingSettingsInput),
  );

  app.get(
    '/v1/balance',
    {
      onRequest,
      schema: {
        summary: 'Get the prepaid postage balance',
        tags: ['billing'],
        response: {
          200: {
            type: 'object',
            required: ['balanceMills', 'heldMills', 'balanceDollars', 'lowBalance', 'lowBalanceWarningMills', 'mode', 'autoRefill'],
            properties: {
              balanceMills: mills,
              heldMills: { ...mills, description: 'Reserved for purchases in flight' },
              balanceDollars: { type: 'string' },
              lowBalance: { type: 'boolean' },
              lowBalanceWarningMills: mills,
              mode: { type: 'string', enum: ['prepaid', 'per_purchase'] },
              autoRefill: autoRefillOut,
            },
          },
          ...errors,
        },
      },
    },
    async (request) => billing.balance(principalOf(request)),
  );

  app.get(
    '/v1/ledger',
    {
      onRequest,
      schema: {
        summary: 'List the account ledger',
        description: 'The transactions of the account with their lines (books balance, held, card, postage, promotion), newest first, one page at a time.',
        tags: ['billing'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'string', pattern: '^[0-9]{1,3}$' }, cursor: { type: 'string', maxLength: 300 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['entries', 'nextCursor'],
            properties: {
              entries: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'kind', 'reference', 'memo', 'createdAtMs', 'lines'],
                  properties: {
                    id: { type: 'string' },
                    kind: { type: 'string' },
                    reference: { type: 'string' },
                    memo: { type: 'string' },
                    createdAtMs: { type: 'integer' },
                    lines: { type: 'array', items: { type: 'object', required: ['book', 'amountMills'], properties: { book: { type: 'string' }, amountMills: mills } } },
                  },
                },
              },
              nextCursor: { type: ['string', 'null'] },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const query = request.query as { limit?: string; cursor?: string };
      const limit = query.limit === undefined ? 50 : Number(query.limit);
      if (limit < 1 || limit > 200) throw new AppError('INVALID_ARGUMENT', `limit must be from 1 to 200, not ${limit}`, { field: 'limit' });
      return billing.ledgerPage(principalOf(request), limit, query.cursor);
    },
  );
}
