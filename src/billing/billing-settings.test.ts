import { describe, expect, it } from 'vitest';
import { cardExpired, decideRefill, isLowBalance, monthStartMs, parseSettings, parseTopUpAmount, type BillingSettingsInput } from './billing-settings.js';

const valid: BillingSettingsInput = {
  mode: 'prepaid',
  autoRefill: { enabled: true, thresholdMills: '10000', amountMills: 50_000, monthlyCapMills: '100000' },
  lowBalanceWarningMills: '5000',
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return `${(err as { code?: string }).code}:${JSON.stringify((err as { details?: unknown }).details)}`;
  }
}

describe('billing settings', () => {
  it('parses strings and integers of mills', () => {
    expect(parseSettings(valid)).toEqual({
      mode: 'prepaid',
      autoRefill: { enabled: true, thresholdMills: 10_000n, amountMills: 50_000n, monthlyCapMills: 100_000n },
      lowBalanceWarningMills: 5_000n,
    });
  });

  it('refuses fractions of a cent, an amount under the threshold or $5, a cap under one refill, and huge amounts, naming the field', () => {
    const withRefill = (r: Partial<BillingSettingsInput['autoRefill']>) => ({ ...valid, autoRefill: { ...valid.autoRefill, ...r } });
    expect(codeOf(() => parseSettings(withRefill({ thresholdMills: '10005' })))).toBe('BILLING_SETTINGS_INVALID:{"field":"autoRefill.thresholdMills"}');
    expect(codeOf(() => parseSettings(withRefill({ amountMills: '9000' })))).toBe('BILLING_SETTINGS_INVALID:{"field":"autoRefill.amountMills"}');
    expect(codeOf(() => parseSettings(withRefill({ thresholdMills: '0', amountMills: '4000' })))).toBe('BILLING_SETTINGS_INVALID:{"field":"autoRefill.amountMills"}');
    expect(codeOf(() => parseSettings(withRefill({ monthlyCapMills: '40000' })))).toBe('BILLING_SETTINGS_INVALID:{"field":"autoRefill.monthlyCapMills"}');
    expect(codeOf(() => parseSettings(withRefill({ monthlyCapMills: '100000000000' })))).toBe('BILLING_SETTINGS_INVALID:{"field":"autoRefill.monthlyCapMills"}');
    expect(codeOf(() => parseSettings({ ...valid, lowBalanceWarningMills: 1.5 }))).toBe('BILLING_SETTINGS_INVALID:{"field":"lowBalanceWarningMills"}');
  });

  it('top-ups are $5 to $2,000 in whole cents', () => {
    expect(parseTopUpAmount('25.00')).toBe(25_000n);
    expect(parseTopUpAmount('2000')).toBe(2_000_000n);
    expect(codeOf(() => parseTopUpAmount('4.99')).split(':')[0]).toBe('MONEY_OUT_OF_RANGE');
    expect(codeOf(() => parseTopUpAmount('2000.01')).split(':')[0]).toBe('MONEY_OUT_OF_RANGE');
    expect(codeOf(() => parseTopUpAmount('10.005')).split(':')[0]).toBe('PAYMENT_AMOUNT_FRACTIONAL_CENT');
    expect(codeOf(() => parseTopUpAmount('-5')).split(':')[0]).toBe('MONEY_INVALID');
  });

  it('refills when the purchase would leave the balance under the threshold and the cap allows one more', () => {
    const r = { enabled: true, thresholdMills: 10_000n, amountMills: 50_000n, monthlyCapMills: 100_000n };
    expect(decideRefill(r, 20_000n, 5_000n, 0n)).toEqual({ refill: false, reason: 'above_threshold' });
    expect(decideRefill(r, 20_000n, 10_001n, 0n)).toEqual({ refill: true, amountMills: 50_000n });
    expect(decideRefill(r, 20_000n, 10_001n, 50_000n)).toEqual({ refill: true, amountMills: 50_000n });
    expect(decideRefill(r, 20_000n, 10_001n, 50_001n)).toEqual({ refill: false, reason: 'cap_reached' });
    expect(decideRefill({ ...r, enabled: false }, 0n, 1n, 0n)).toEqual({ refill: false, reason: 'off' });
  });

  it('months start on the 1st (UTC); cards are valid through their expiry month; a warning level of 0 never warns', () => {
    expect(monthStartMs(Date.parse('2026-08-15T12:00:00Z'))).toBe(Date.parse('2026-08-01T00:00:00Z'));
    const now = Date.parse('2026-08-31T23:59:59Z');
    expect(cardExpired(8, 2026, now)).toBe(false);
    expect(cardExpired(7, 2026, now)).toBe(true);
    expect(isLowBalance(4_999n, 5_000n)).toBe(true);
    expect(isLowBalance(5_000n, 5_000n)).toBe(false);
    expect(isLowBalance(0n, 0n)).toBe(false);
  });
});
