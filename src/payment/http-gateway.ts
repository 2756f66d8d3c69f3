// The payment-gateway port over HTTP, to the payment simulator or a gateway with the same API
// (docs/payment.md). Cards are checked here before they leave (checkCard, with the clock given), so a
// mistyped number costs no round trip; amounts go out as whole cents; answers are checked field by
// field before the caller sees them.
import type { Mills } from '../core/money.js';
import { centsToMills, millsToCents } from './card-amount.js';
import { ACCEPTED_BRANDS, checkCard, type CardBrand, type CardDetails } from './card-check.js';
import { answerInvalid, callGateway, type GatewayHttpOptions } from './gateway-call.js';
import type { CardToken, ChargeRequest, ChargeResult, PaymentGateway, RefundRequest, RefundResult } from './gateway-port.js';
import { checkIdempotencyKey } from './idempotency-key.js';

/** How to reach the gateway, and the clock that card expiry is checked against. */
export interface HttpPaymentGatewayOptions extends GatewayHttpOptions {
  /** Now; the system clock by default. */
  readonly clock?: () => Date;
}

/** The PaymentGateway port over HTTP. */
export class HttpPaymentGateway implements PaymentGateway {
  private readonly http: GatewayHttpOptions;
  private readonly clock: () => Date;

  constructor(options: HttpPaymentGatewayOptions) {
    const { clock, ...http } = options;
    this.http = http;
    this.clock = clock ?? (() => new Date());
  }

  /** POST /v1/tokens with the checked card; the number goes nowhere else. */
  async tokenize(card: CardDetails): Promise<CardToken> {
    const checked = checkCard(card, this.clock());
    const body = await callGateway(this.http, {
      method: 'POST',
      path: '/v1/tokens',
      body: { number: checked.number, expMonth: checked.expMonth, expYear: checked.expYear, cvc: checked.cvc },
    });
    const a = new Answer(body, 'POST /v1/tokens');
    return Object.freeze({ token: a.string('token'), brand: a.brand(), last4: a.string('last4'), expMonth: a.integer('expMonth'), expYear: a.integer('expYear') });
  }

  /** POST /v1/charges in whole cents, with the idempotency key. */
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const idempotencyKey = checkIdempotencyKey(request.idempotencyKey);
    const amount = millsToCents(request.amountMills);
    const body = await callGateway(this.http, {
      method: 'POST',
      path: '/v1/charges',
      idempotencyKey,
      body: { token: request.token, amount: Number(amount), currency: 'usd', description: request.description },
    });
    const a = new Answer(body, 'POST /v1/charges');
    return Object.freeze({ chargeId: a.string('id'), status: a.succeeded(), amountMills: a.cents('amount'), brand: a.brand(), last4: a.string('last4') });
  }

  /** POST /v1/refunds in whole cents, with the idempotency key. */
  async refund(request: RefundRequest): Promise<RefundResult> {
    const idempotencyKey = checkIdempotencyKey(request.idempotencyKey);
    const amount = millsToCents(request.amountMills);
    const body = await callGateway(this.http, {
      method: 'POST',
      path: '/v1/refunds',
      idempotencyKey,
      body: { charge: request.chargeId, amount: Number(amount) },
    });
    const a = new Answer(body, 'POST /v1/refunds');
    return Object.freeze({
      refundId: a.string('id'),
      chargeId: a.string('charge'),
      status: a.succeeded(),
      amountMills: a.cents('amount'),
      refundedMills: a.cents('chargeAmountRefunded'),
    });
  }
}

// Reads the fields of a 2xx answer, throwing PAYMENT_GATEWAY_ANSWER_INVALID for a missing or mistyped one.
class Answer {
  private readonly fields: Record<string, unknown>;

  constructor(
    body: unknown,
    private readonly where: string,
  ) {
    if (typeof body !== 'object' || body === null) throw answerInvalid(where, 'the answer is not a JSON object');
    this.fields = body as Record<string, unknown>;
  }

  string(name: string): string {
    const value = this.fields[name];
    if (typeof value !== 'string' || value === '') throw answerInvalid(this.where, `${name} is not a string`);
    return value;
  }

  integer(name: string): number {
    const value = this.fields[name];
    if (!Number.isSafeInteger(value)) throw answerInvalid(this.where, `${name} is not an integer`);
    return value as number;
  }

  /** An amount in whole cents, as mills. */
  cents(name: string): Mills {
    const value = this.integer(name);
    if (value < 0) throw answerInvalid(this.where, `${name} is negative`);
    return centsToMills(value);
  }

  brand(): CardBrand {
    const brand = ACCEPTED_BRANDS.find((b) => b === this.fields.brand);
    if (brand === undefined) throw answerInvalid(this.where, 'brand is not an accepted card brand');
    return brand;
  }

  succeeded(): 'succeeded' {
    if (this.fields.status !== 'succeeded') throw answerInvalid(this.where, `status is ${JSON.stringify(this.fields.status)}, not "succeeded"`);
    return 'succeeded';
  }
}
