// The simulator's state, in memory: tokens, charges, refunds and idempotency records. It holds no card
// number and no security code: a token keeps the brand, last four digits, expiry and the test outcome.
import type { AppError } from '../../errors/app-error.js';
import type { CardBrand } from '../card-check.js';
import type { CardOutcome } from './test-cards.js';

/** A tokenized card. */
export interface StoredToken {
  readonly id: string;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly outcome: CardOutcome;
  readonly created: string;
}

/** A charge that succeeded; amounts in cents, as a card gateway keeps them. */
export interface StoredCharge {
  readonly id: string;
  readonly token: string;
  readonly amountCents: bigint;
  readonly currency: 'usd';
  readonly description: string;
  readonly brand: CardBrand;
  readonly last4: string;
  refundedCents: bigint;
  readonly created: string;
}

/** A refund of part or all of a charge. */
export interface StoredRefund {
  readonly id: string;
  readonly charge: string;
  readonly amountCents: bigint;
  readonly created: string;
}

/** The first answer to an idempotency key: the request's fingerprint and its result or refusal. */
export interface IdempotencyRecord {
  /** SHA-256 of the route and the request body, hex. */
  readonly fingerprint: string;
  readonly result: { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly error: AppError };
}

/** Everything the simulator remembers. */
export class SimulatorStore {
  readonly tokens = new Map<string, StoredToken>();
  readonly charges = new Map<string, StoredCharge>();
  readonly refunds = new Map<string, StoredRefund>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** Requests still running, by idempotency key: a retry meanwhile waits for the same answer. */
  readonly pendingIdempotency = new Map<string, { readonly fingerprint: string; readonly answer: Promise<unknown> }>();

  /** The whole state as plain JSON-ready data (bigints as strings), for inspection and tests. */
  snapshot(): Record<string, unknown> {
    const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    const idempotency = [...this.idempotency].map(([key, record]) => ({
      key,
      fingerprint: record.fingerprint,
      result: record.result.ok ? { ok: true, body: record.result.body } : { ok: false, code: record.result.error.code, message: record.result.error.message },
    }));
    return plain({ tokens: [...this.tokens.values()], charges: [...this.charges.values()], refunds: [...this.refunds.values()], idempotency }) as Record<string, unknown>;
  }
}
