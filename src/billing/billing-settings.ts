// An account's billing settings and the pure rules over them: how a purchase is paid (prepaid balance or
// a card charge per purchase), auto-refill (threshold, amount, monthly cap), the low-balance warning, and
// the limits of a top-up. No I/O: the service reads the numbers and asks these functions what to do.
import { MILLS_PER_CENT, formatDollars, parseDollars, type Mills } from '../core/money.js';
import { AppError } from '../errors/app-error.js';

/** How an account pays for purchases. */
export type BillingMode = 'prepaid' | 'per_purchase';

/** Auto-refill of the prepaid balance from the default card. */
export interface AutoRefillSettings {
  readonly enabled: boolean;
  /** Refill when a purchase would leave the balance under this. */
  readonly thresholdMills: Mills;
  /** How much one refill charges. */
  readonly amountMills: Mills;
  /** At most this much refilled per calendar month (UTC). */
  readonly monthlyCapMills: Mills;
}

/** An account's billing settings. */
export interface BillingSettings {
  readonly mode: BillingMode;
  readonly autoRefill: AutoRefillSettings;
  /** Warn the account once when the balance falls under this; 0 never warns. */
  readonly lowBalanceWarningMills: Mills;
}

/** The settings of an account that never changed them. */
export const DEFAULT_SETTINGS: BillingSettings = Object.freeze({
  mode: 'prepaid',
  autoRefill: Object.freeze({ enabled: false, thresholdMills: 10_000n, amountMills: 50_000n, monthlyCapMills: 500_000n }),
  lowBalanceWarningMills: 5_000n,
});

/** Smallest top-up, $5.00. */
export const MIN_TOPUP_MILLS: Mills = 5_000n;
/** Largest top-up, $2,000.00. */
export const MAX_TOPUP_MILLS: Mills = 2_000_000n;
/** Largest threshold, refill amount, cap or warning level: $100,000.00 (guards against typos of several zeros). */
export const MAX_SETTING_MILLS: Mills = 100_000_000n;

/** The settings as the API takes them (PUT /v1/billing): mills as decimal strings or integers. */
export interface BillingSettingsInput {
  readonly mode: BillingMode;
  readonly autoRefill: {
    readonly enabled: boolean;
    readonly thresholdMills: string | number;
    readonly amountMills: string | number;
    readonly monthlyCapMills: string | number;
  };
  readonly lowBalanceWarningMills: string | number;
}

/**
 * Checks and converts settings: every amount whole cents from 0 to $100,000, the refill amount at least
 * $5 and at least the threshold (a refill must lift the balance back over it), the monthly cap at least one
 * refill (BILLING_SETTINGS_INVALID naming the field).
 */
export function parseSettings(input: BillingSettingsInput): BillingSettings {
  const amount = (field: string, value: string | number): Mills => {
    const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : 'x') : value;
    if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) invalid(field, `${field} must be a whole number of mills`);
    const mills = BigInt(text);
    if (mills % MILLS_PER_CENT !== 0n) invalid(field, `${field} must be whole cents (a multiple of 10 mills), not ${mills}`);
    if (mills > MAX_SETTING_MILLS) invalid(field, `${field} must be at most ${formatDollars(MAX_SETTING_MILLS)}`);
    return mills;
  };
  if (input.mode !== 'prepaid' && input.mode !== 'per_purchase') invalid('mode', 'mode must be prepaid or per_purchase');
  const autoRefill = {
    enabled: input.autoRefill.enabled === true,
    thresholdMills: amount('autoRefill.thresholdMills', input.autoRefill.thresholdMills),
    amountMills: amount('autoRefill.amountMills', input.autoRefill.amountMills),
    monthlyCapMills: amount('autoRefill.monthlyCapMills', input.autoRefill.monthlyCapMills),
  };
  const lowBalanceWarningMills = amount('lowBalanceWarningMills', input.lowBalanceWarningMills);
  if (autoRefill.amountMills < MIN_TOPUP_MILLS) {
    invalid('autoRefill.amountMills', `autoRefill.amountMills must be at least ${formatDollars(MIN_TOPUP_MILLS)}, the smallest card top-up`);
  }
  if (autoRefill.amountMills < autoRefill.thresholdMills) {
    invalid('autoRefill.amountMills', `autoRefill.amountMills (${formatDollars(autoRefill.amountMills)}) must be at least the threshold (${formatDollars(autoRefill.thresholdMills)})`);
  }
  if (autoRefill.monthlyCapMills < autoRefill.amountMills) {
    invalid('autoRefill.monthlyCapMills', `autoRefill.monthlyCapMills (${formatDollars(autoRefill.monthlyCapMills)}) must be at least one refill (${formatDollars(autoRefill.amountMills)})`);
  }
  return { mode: input.mode, autoRefill, lowBalanceWarningMills };
}

function invalid(field: string, detail: string): never {
  throw new AppError('BILLING_SETTINGS_INVALID', detail, { field });
}

/** A top-up amount given in dollars ("25.00"): whole cents, $5 to $2,000 (MONEY_INVALID, PAYMENT_AMOUNT_FRACTIONAL_CENT, MONEY_OUT_OF_RANGE). */
export function parseTopUpAmount(dollars: string): Mills {
  const mills = parseDollars(dollars, { min: MIN_TOPUP_MILLS, max: MAX_TOPUP_MILLS });
  if (mills % MILLS_PER_CENT !== 0n) {
    throw new AppError('PAYMENT_AMOUNT_FRACTIONAL_CENT', `A top-up of ${formatDollars(mills)} is not whole cents`, { mills: mills.toString() });
  }
  return mills;
}

/** Whether a prepaid purchase should first refill the balance, and why not when it should not. */
export type RefillDecision = { readonly refill: true; readonly amountMills: Mills } | { readonly refill: false; readonly reason: 'off' | 'above_threshold' | 'cap_reached' };

/**
 * Refill when auto-refill is on, the balance after the purchase would be under the threshold, and one more
 * refill stays within the month's cap (`usedThisMonthMills` counts refills made or still in doubt).
 */
export function decideRefill(settings: AutoRefillSettings, balanceMills: Mills, totalMills: Mills, usedThisMonthMills: Mills): RefillDecision {
  if (!settings.enabled) return { refill: false, reason: 'off' };
  if (balanceMills - totalMills >= settings.thresholdMills) return { refill: false, reason: 'above_threshold' };
  if (usedThisMonthMills + settings.amountMills > settings.monthlyCapMills) return { refill: false, reason: 'cap_reached' };
  return { refill: true, amountMills: settings.amountMills };
}

/** Milliseconds of the first instant of the UTC calendar month of `nowMs`: auto-refill caps count from there. */
export function monthStartMs(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** True when a card that expires at the end of month/year has expired on `nowMs` (UTC). */
export function cardExpired(expMonth: number, expYear: number, nowMs: number): boolean {
  const now = new Date(nowMs);
  return expYear * 12 + expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
}

/** True when the balance is under the warning level (a level of 0 never warns). */
export function isLowBalance(balanceMills: Mills, warningMills: Mills): boolean {
  return warningMills > 0n && balanceMills < warningMills;
}
