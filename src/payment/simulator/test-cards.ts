// The simulator's documented test cards (docs/payment.md): like a real gateway's test mode, the card
// number decides what the issuer answers. Any other number that passes the card checks approves.
// The outcome is looked up once, when the card is tokenized, and kept with the token instead of the
// number.

/** What the simulated issuer answers to a charge. */
export type CardOutcome = 'approve' | 'decline' | 'cvc_fail' | 'insufficient_funds' | 'expired' | 'timeout';

/** One documented test card. */
export interface TestCard {
  readonly number: string;
  readonly brand: string;
  readonly outcome: CardOutcome;
  /** What happens, for the documentation. */
  readonly behaviour: string;
}

/** The test cards, in the order docs/payment.md lists them. */
export const TEST_CARDS: readonly TestCard[] = Object.freeze([
  { number: '4242424242424242', brand: 'Visa', outcome: 'approve', behaviour: 'approves' },
  { number: '5555555555554444', brand: 'Mastercard', outcome: 'approve', behaviour: 'approves' },
  { number: '378282246310005', brand: 'American Express', outcome: 'approve', behaviour: 'approves (4-digit CVC)' },
  { number: '6011111111111117', brand: 'Discover', outcome: 'approve', behaviour: 'approves' },
  { number: '4000000000000002', brand: 'Visa', outcome: 'decline', behaviour: 'declines: CARD_DECLINED' },
  { number: '4000000000000127', brand: 'Visa', outcome: 'cvc_fail', behaviour: 'fails the CVC check: CARD_CVC_FAILED' },
  { number: '4000000000009995', brand: 'Visa', outcome: 'insufficient_funds', behaviour: 'insufficient funds: CARD_INSUFFICIENT_FUNDS' },
  { number: '4000000000000069', brand: 'Visa', outcome: 'expired', behaviour: 'the issuer says it expired: CARD_EXPIRED' },
  {
    number: '4000000000000119',
    brand: 'Visa',
    outcome: 'timeout',
    behaviour: 'the issuer never answers: the charge is held past the client deadline, PAYMENT_GATEWAY_TIMEOUT',
  },
] as const satisfies readonly TestCard[]);

const byNumber = new Map(TEST_CARDS.map((card) => [card.number, card.outcome]));

/** The outcome of charging the card with these digits: the test card's, else approve. */
export function outcomeOf(number: string): CardOutcome {
  return byNumber.get(number) ?? 'approve';
}
