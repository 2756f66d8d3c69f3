// Every read and write of billing_settings. An account without a row has DEFAULT_SETTINGS.
import type { Queryable } from '../db/database.js';
import { asBigInt, asBoolean, asNumber, asString, orNull } from '../db/row-values.js';
import type { Mills } from '../core/money.js';
import { DEFAULT_SETTINGS, type BillingMode, type BillingSettings } from './billing-settings.js';

/** An account's settings and whether the low-balance warning of the current crossing was sent. */
export interface StoredSettings extends BillingSettings {
  readonly lowBalanceWarnedAtMs: number | null;
}

/** Reads and writes billing settings. */
export class SettingsRepository {
  /** The account's settings, the defaults when it has none. */
  async get(q: Queryable, accountId: string): Promise<StoredSettings> {
    const rows = await q.query(
      'SELECT mode, auto_refill_enabled, auto_refill_threshold_mills, auto_refill_amount_mills, auto_refill_monthly_cap_mills, low_balance_warning_mills, low_balance_warned_at_ms ' +
        'FROM billing_settings WHERE account_id = ?',
      [accountId],
    );
    const r = rows[0];
    if (r === undefined) return { ...DEFAULT_SETTINGS, lowBalanceWarnedAtMs: null };
    return {
      mode: asString(r.mode) as BillingMode,
      autoRefill: {
        enabled: asBoolean(r.auto_refill_enabled),
        thresholdMills: asBigInt(r.auto_refill_threshold_mills),
        amountMills: asBigInt(r.auto_refill_amount_mills),
        monthlyCapMills: asBigInt(r.auto_refill_monthly_cap_mills),
      },
      lowBalanceWarningMills: asBigInt(r.low_balance_warning_mills),
      lowBalanceWarnedAtMs: orNull((v) => asNumber(asBigInt(v)))(r.low_balance_warned_at_ms),
    };
  }

  /** Stores the account's settings (keeping whether the current warning was sent). */
  async put(q: Queryable, accountId: string, s: BillingSettings, atMs: number): Promise<void> {
    await q.execute(
      'INSERT INTO billing_settings (account_id, mode, auto_refill_enabled, auto_refill_threshold_mills, auto_refill_amount_mills, auto_refill_monthly_cap_mills, low_balance_warning_mills, low_balance_warned_at_ms, updated_at_ms) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (account_id) DO UPDATE SET mode = excluded.mode, auto_refill_enabled = excluded.auto_refill_enabled, ' +
        'auto_refill_threshold_mills = excluded.auto_refill_threshold_mills, auto_refill_amount_mills = excluded.auto_refill_amount_mills, ' +
        'auto_refill_monthly_cap_mills = excluded.auto_refill_monthly_cap_mills, low_balance_warning_mills = excluded.low_balance_warning_mills, updated_at_ms = excluded.updated_at_ms',
      [
        accountId,
        s.mode,
        s.autoRefill.enabled ? 1 : 0,
        s.autoRefill.thresholdMills,
        s.autoRefill.amountMills,
        s.autoRefill.monthlyCapMills,
        s.lowBalanceWarningMills,
        atMs,
      ],
    );
  }

  /**
   * Claims the low-balance warning of the current crossing: true for exactly one caller while the balance
   * stays low (the row is made with the defaults when the account has none).
   */
  async claimWarning(q: Queryable, accountId: string, atMs: number): Promise<boolean> {
    await this.ensureRow(q, accountId, atMs);
    const { changes } = await q.execute('UPDATE billing_settings SET low_balance_warned_at_ms = ? WHERE account_id = ? AND low_balance_warned_at_ms IS NULL', [atMs, accountId]);
    return changes > 0;
  }

  /** Gives a claimed warning back (it could not be sent), so that the next check sends it. */
  async unclaimWarning(q: Queryable, accountId: string, claimedAtMs: number): Promise<void> {
    await q.execute('UPDATE billing_settings SET low_balance_warned_at_ms = NULL WHERE account_id = ? AND low_balance_warned_at_ms = ?', [accountId, claimedAtMs]);
  }

  /** Re-arms the warning when the balance is back at or above the warning level. */
  async rearmWarning(q: Queryable, accountId: string, balanceMills: Mills): Promise<void> {
    await q.execute(
      'UPDATE billing_settings SET low_balance_warned_at_ms = NULL WHERE account_id = ? AND low_balance_warned_at_ms IS NOT NULL AND low_balance_warning_mills <= ?',
      [accountId, balanceMills],
    );
  }

  private async ensureRow(q: Queryable, accountId: string, atMs: number): Promise<void> {
    const d = DEFAULT_SETTINGS;
    await q.execute(
      'INSERT INTO billing_settings (account_id, mode, auto_refill_enabled, auto_refill_threshold_mills, auto_refill_amount_mills, auto_refill_monthly_cap_mills, low_balance_warning_mills, low_balance_warned_at_ms, updated_at_ms) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (account_id) DO NOTHING',
      [accountId, d.mode, d.autoRefill.enabled ? 1 : 0, d.autoRefill.thresholdMills, d.autoRefill.amountMills, d.autoRefill.monthlyCapMills, d.lowBalanceWarningMills, atMs],
    );
  }
}
