// What the simulated gateway does: tokenize a checked card, charge a token as its test outcome says,
// refund a charge up to what is left of it. Amounts are whole cents (bigint), as a card gateway keeps
// them. Identifiers and the clock are given, so the logic is testable without a server.
import { formatDollars } from '../../core/money.js';
import { AppError } from '../../errors/app-error.js';
import { centsToMills } from '../card-amount.js';
import { checkCard, type CardDetails } from '../card-check.js';
import type { SimulatorStore, StoredCharge, StoredRefund, StoredToken } from './simulator-store.js';
import { outcomeOf } from './test-cards.js';

/** What the service needs from outside: the store, the clock and a maker of ids with a prefix. */
export interface SimulatorContext {
  readonly store: SimulatorStore;
  readonly clock: () => Date;
  readonly newId: (prefix: 'tok' | 'ch' | 're') => string;
  /** Waits as an issuer that never answers would: resolves when the simulator stops waiting. */
  readonly waitForSilentIssuer: () => Promise<void>;
}

/** Checks the card as a gateway does and keeps a token of it: never the number or the security code. */
export function tokenizeCard(ctx: SimulatorContext, card: CardDetails): StoredToken {
  const checked = checkCard(card, ctx.clock());
  const token: StoredToken = Object.freeze({
    id: ctx.newId('tok'),
    brand: checked.brand,
    last4: checked.last4,
    expMonth: checked.expMonth,
    expYear: checked.expYear,
    outcome: outcomeOf(checked.number),
    created: ctx.clock().toISOString(),
  });
  ctx.store.tokens.set(token.id, token);
  return token;
}

/** A charge to make, in cents. */
export interface ChargeInput {
  readonly token: string;
  readonly amountCents: bigint;
  readonly description: string;
}

/** Charges a token: succeeds, or throws the refusal its test outcome names. */
export async function chargeToken(ctx: SimulatorContext, input: ChargeInput): Promise<StoredCharge> {
  const token = ctx.store.tokens.get(input.token);
  if (token === undefined) throw new AppError('PAYMENT_TOKEN_UNKNOWN', `No card token ${input.token}`, { token: input.token });
  const now = ctx.clock();
  const card = `${token.brand} card ending ${token.last4}`;
  // A token outlives the card: the issuer refuses once the expiry month has passed.
  if (token.expYear * 12 + token.expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    throw new AppError('CARD_EXPIRED', `The ${card} expired at the end of ${token.expYear}-${String(token.expMonth).padStart(2, '0')}`);
  }
  switch (token.outcome) {
    case 'decline':
      throw new AppError('CARD_DECLINED', `The issuer declined the ${card}`, { declineCode: 'generic_decline' });
    case 'cvc_fail':
      throw new AppError('CARD_CVC_FAILED', `The issuer says the security code of the ${card} is wrong`, { declineCode: 'incorrect_cvc' });
    case 'insufficient_funds':
      throw new AppError('CARD_INSUFFICIENT_FUNDS', `The ${card} has insufficient funds`, { declineCode: 'insufficient_funds' });
    case 'expired':
      throw new AppError('CARD_EXPIRED', `The issuer says the ${card} has expired`, { declineCode: 'expired_card' });
    case 'timeout':
      await ctx.waitForSilentIssuer();
      throw new AppError('PAYMENT_GATEWAY_TIMEOUT', `The issuer of the ${card} did not answer; no charge was made`);
    case 'approve':
      break;
  }
  const charge: StoredCharge = {
    id: ctx.newId('ch'),
    token: token.id,
    amountCents: input.amountCents,
    currency: 'usd',
    description: input.description,
    brand: token.brand,
    last4: token.last4,
    refundedCents: 0n,
    created: now.toISOString(),
  };
  ctx.store.charges.set(charge.id, charge);
  return charge;
}

/** Refunds part or all of a charge; PAYMENT_REFUND_EXCEEDS_CHARGE past what is left of it. */
export function refundCharge(ctx: SimulatorContext, input: { readonly chargeId: string; readonly amountCents: bigint }): { refund: StoredRefund; charge: StoredCharge } {
  const charge = ctx.store.charges.get(input.chargeId);
  if (charge === undefined) throw new AppError('PAYMENT_CHARGE_UNKNOWN', `No charge ${input.chargeId}`, { chargeId: input.chargeId });
  const leftCents = charge.amountCents - charge.refundedCents;
  if (input.amountCents > leftCents) {
    const dollars = (cents: bigint): string => formatDollars(centsToMills(cents));
    throw new AppError(
      'PAYMENT_REFUND_EXCEEDS_CHARGE',
      `A refund of ${dollars(input.amountCents)} is more than the ${dollars(leftCents)} left of charge ${charge.id} of ${dollars(charge.amountCents)}`,
      { chargeId: charge.id, chargedMills: centsToMills(charge.amountCents).toString(), refundedMills: centsToMills(charge.refundedCents).toString() },
    );
  }
  const refund: StoredRefund = Object.freeze({ id: ctx.newId('re'), charge: charge.id, amountCents: input.amountCents, created: ctx.clock().toISOString() });
  charge.refundedCents += input.amountCents;
  ctx.store.refunds.set(refund.id, refund);
  return { refund, charge };
}
