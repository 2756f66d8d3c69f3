// Checks of the customer answers (balance, top-ups, cards, refunds, orders, media, accounts) before anyone
// relies on them: a field that is missing or of the wrong type is CLIENT_ANSWER_INVALID naming it, never an
// `undefined` printed as a balance. Only the fields the client and the command line use are checked; the
// rest passes through as the server sent it.
import { AppError } from '../errors/app-error.js';
import type {
  ApiKeyInfo,
  Balance,
  BillingSettings,
  Card,
  CreatedApiKey,
  LoggedIn,
  MediaPage,
  Medium,
  MediumDetail,
  Me,
  Order,
  OrderDetail,
  OrderPage,
  Receipt,
  Refund,
  RefundEligibility,
  RefundPage,
  TopUp,
} from './customer-types.js';

type Kind = 'string' | 'mills' | 'signed-mills' | 'boolean' | 'integer' | 'object' | 'array' | 'string|null' | 'mills|null' | 'object|null';

const MILLS = /^[0-9]+$/;
const SIGNED_MILLS = /^-?[0-9]+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'mills':
      return typeof value === 'string' && MILLS.test(value);
    case 'signed-mills':
      return typeof value === 'string' && SIGNED_MILLS.test(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'mills|null':
      return value === null || (typeof value === 'string' && MILLS.test(value));
    case 'object|null':
      return value === null || isObject(value);
  }
}

/** A checker for one answer: `fields` checks the named fields of an object at `where`. */
class Checker {
  constructor(private readonly context: string) {}

  fail(what: string): never {
    throw new AppError('CLIENT_ANSWER_INVALID', `The answer to ${this.context}: ${what}`, { context: this.context });
  }

  object(value: unknown, where: string): Record<string, unknown> {
    if (!isObject(value)) this.fail(`${where} is not an object`);
    return value;
  }

  fields(value: unknown, where: string, spec: Readonly<Record<string, Kind>>): Record<string, unknown> {
    const obj = this.object(value, where);
    for (const [key, kind] of Object.entries(spec)) {
      if (!matches(obj[key], kind)) this.fail(`${where}.${key} is not ${describe(kind)}`);
    }
    return obj;
  }

  list(value: unknown, where: string, key: string): unknown[] {
    const obj = this.object(value, where);
    if (!Array.isArray(obj[key])) this.fail(`${where}.${key} is not a list`);
    if (obj.nextCursor !== undefined && !matches(obj.nextCursor, 'string|null')) this.fail(`${where}.nextCursor is neither a string nor null`);
    return obj[key] as unknown[];
  }
}

function describe(kind: Kind): string {
  const names: Record<Kind, string> = {
    string: 'a string',
    mills: 'a decimal string of mills',
    'signed-mills': 'a decimal string of mills',
    boolean: 'true or false',
    integer: 'a whole number',
    object: 'an object',
    array: 'a list',
    'string|null': 'a string or null',
    'mills|null': 'a decimal string of mills or null',
    'object|null': 'an object or null',
  };
  return names[kind];
}

const AUTO_REFILL = { enabled: 'boolean', thresholdMills: 'mills', amountMills: 'mills', monthlyCapMills: 'mills' } as const;
const CARD = { id: 'string', brand: 'string', last4: 'string', expMonth: 'integer', expYear: 'integer', isDefault: 'boolean', expired: 'boolean' } as const;
const REFUND = {
  id: 'string',
  stampId: 'string',
  purchaseId: 'string',
  status: 'string',
  amountMills: 'mills',
  reasonCode: 'string|null',
  reason: 'string|null',
  requestedAt: 'string',
  expectedDecisionDate: 'string',
} as const;
const ORDER = { id: 'string', state: 'string', createdAt: 'string', stampCount: 'integer', totalMills: 'mills|null', failure: 'object|null' } as const;
const HISTORY_STAMP = { id: 'string', purchaseId: 'string', rateCategory: 'integer', rateCategoryName: 'string', postageMills: 'mills', postageDollars: 'string', dateOfMailing: 'string', refund: 'object|null' } as const;
const MEDIUM = { serial: 'string', kind: 'string', layout: 'string', slotCount: 'integer', usedSlots: 'integer', reservedSlots: 'integer', freeSlots: 'integer', voided: 'boolean' } as const;
const USER = { id: 'string', email: 'string', role: 'string' } as const;
const ACCOUNT = { id: 'string', name: 'string', status: 'string' } as const;
const API_KEY = { id: 'string', name: 'string', prefix: 'string' } as const;

/** GET /v1/balance. */
export function checkBalance(value: unknown, context: string): Balance {
  const c = new Checker(context);
  const obj = c.fields(value, 'the balance', { balanceMills: 'signed-mills', heldMills: 'signed-mills', lowBalance: 'boolean', lowBalanceWarningMills: 'mills', mode: 'string', autoRefill: 'object' });
  c.fields(obj.autoRefill, 'autoRefill', { ...AUTO_REFILL, usedThisMonthMills: 'mills' });
  return value as Balance;
}

/** GET and PUT /v1/billing. */
export function checkBillingSettings(value: unknown, context: string): BillingSettings {
  const c = new Checker(context);
  const obj = c.fields(value, 'the settings', { mode: 'string', autoRefill: 'object', lowBalanceWarningMills: 'mills' });
  c.fields(obj.autoRefill, 'autoRefill', AUTO_REFILL);
  return value as BillingSettings;
}

/** POST /v1/topups. */
export function checkTopUp(value: unknown, context: string): TopUp {
  const c = new Checker(context);
  const obj = c.fields(value, 'the top-up', { id: 'string', state: 'string', amountMills: 'mills', card: 'object' });
  c.fields(obj.card, 'card', { id: 'string', brand: 'string', last4: 'string' });
  return value as TopUp;
}

/** One card. */
export function checkCard(value: unknown, context: string): Card {
  new Checker(context).fields(value, 'the card', CARD);
  return value as Card;
}

/** GET /v1/cards: a list of cards. */
export function checkCards(value: unknown, context: string): Card[] {
  const c: Checker = new Checker(context);
  if (!Array.isArray(value)) c.fail('it is not a list of cards');
  return (value as unknown[]).map((card, i) => c.fields(card, `cards[${i}]`, CARD) as unknown as Card);
}

/** GET /v1/stamps/{id}/refund-eligibility. */
export function checkEligibility(value: unknown, context: string): RefundEligibility {
  const c = new Checker(context);
  const obj = c.fields(value, 'the eligibility', { stampId: 'string', eligible: 'boolean', reasons: 'array', amountMills: 'mills', expectedDecisionDate: 'string|null' });
  (obj.reasons as unknown[]).forEach((r, i) => c.fields(r, `reasons[${i}]`, { code: 'string', message: 'string' }));
  return value as RefundEligibility;
}

/** One refund request. */
export function checkRefund(value: unknown, context: string): Refund {
  new Checker(context).fields(value, 'the refund', REFUND);
  return value as Refund;
}

/** POST /v1/refunds: the requests made, exactly one per stamp asked for. */
export function checkRefundsCreated(value: unknown, stampIds: readonly string[], context: string): Refund[] {
  const c = new Checker(context);
  const refunds = c.list(value, 'the answer', 'refunds').map((r, i) => c.fields(r, `refunds[${i}]`, REFUND) as unknown as Refund);
  const asked = [...stampIds].sort();
  const got = refunds.map((r) => r.stampId).sort();
  if (asked.length !== got.length || asked.some((id, i) => id !== got[i])) c.fail(`it holds refunds of ${got.length} stamps, not of the ${asked.length} asked for`);
  return refunds;
}

/** GET /v1/refunds. */
export function checkRefundPage(value: unknown, context: string): RefundPage {
  const c = new Checker(context);
  c.list(value, 'the page', 'refunds').forEach((r, i) => c.fields(r, `refunds[${i}]`, REFUND));
  return value as RefundPage;
}

/** GET /v1/orders. */
export function checkOrderPage(value: unknown, context: string): OrderPage {
  const c = new Checker(context);
  c.list(value, 'the page', 'orders').forEach((o, i) => c.fields(o, `orders[${i}]`, ORDER));
  return value as OrderPage;
}

/** One order in a list. */
export function checkOrder(value: unknown, context: string): Order {
  new Checker(context).fields(value, 'the order', ORDER);
  return value as Order;
}

/** GET /v1/orders/{id}. */
export function checkOrderDetail(value: unknown, context: string): OrderDetail {
  const c = new Checker(context);
  const obj = c.fields(value, 'the order', { ...ORDER, stamps: 'array' });
  (obj.stamps as unknown[]).forEach((s, i) => c.fields(s, `stamps[${i}]`, HISTORY_STAMP));
  return value as OrderDetail;
}

/** GET /v1/orders/{id}/receipt as JSON. */
export function checkReceipt(value: unknown, context: string): Receipt {
  const c = new Checker(context);
  const obj = c.fields(value, 'the receipt', { receiptNumber: 'string', orderId: 'string', lines: 'array', totalMills: 'mills', totalDollars: 'string', refundedMills: 'mills', payment: 'object|null' });
  (obj.lines as unknown[]).forEach((l, i) => c.fields(l, `lines[${i}]`, { stampId: 'string', postageMills: 'mills' }));
  return value as Receipt;
}

/** GET /v1/media. */
export function checkMediaPage(value: unknown, context: string): MediaPage {
  const c = new Checker(context);
  c.list(value, 'the page', 'media').forEach((m, i) => c.fields(m, `media[${i}]`, MEDIUM));
  return value as MediaPage;
}

/** GET /v1/media/{serial}. */
export function checkMediumDetail(value: unknown, context: string): MediumDetail {
  const c = new Checker(context);
  const obj = c.fields(value, 'the medium', { ...MEDIUM, slots: 'array' });
  (obj.slots as unknown[]).forEach((s, i) => c.fields(s, `slots[${i}]`, { slot: 'integer', state: 'string', stampId: 'string|null' }));
  return value as MediumDetail;
}

/** One medium. */
export function checkMedium(value: unknown, context: string): Medium {
  new Checker(context).fields(value, 'the medium', MEDIUM);
  return value as Medium;
}

/** GET /v1/me. */
export function checkMe(value: unknown, context: string): Me {
  const c = new Checker(context);
  const obj = c.fields(value, 'the answer', { user: 'object', account: 'object' });
  c.fields(obj.user, 'user', USER);
  c.fields(obj.account, 'account', ACCOUNT);
  if (obj.csrfToken !== undefined && typeof obj.csrfToken !== 'string') c.fail('csrfToken is not a string');
  return value as Me;
}

/** POST /v1/session. */
export function checkLoggedIn(value: unknown, context: string): LoggedIn {
  const c = new Checker(context);
  const obj = c.fields(value, 'the answer', { user: 'object', account: 'object', csrfToken: 'string' });
  c.fields(obj.user, 'user', USER);
  c.fields(obj.account, 'account', ACCOUNT);
  return value as LoggedIn;
}

/** POST /v1/api-keys: the key and its secret, `ik_…`. */
export function checkCreatedApiKey(value: unknown, context: string): CreatedApiKey {
  const c = new Checker(context);
  const obj = c.fields(value, 'the answer', { key: 'object', secret: 'string' });
  c.fields(obj.key, 'key', API_KEY);
  if (!/^ik_[\x21-\x7e]+$/.test(obj.secret as string)) c.fail('secret is not an API key (ik_…)');
  return value as CreatedApiKey;
}

/** GET /v1/api-keys. */
export function checkApiKeys(value: unknown, context: string): ApiKeyInfo[] {
  const c = new Checker(context);
  return c.list(value, 'the answer', 'keys').map((k, i) => c.fields(k, `keys[${i}]`, API_KEY) as unknown as ApiKeyInfo);
}
