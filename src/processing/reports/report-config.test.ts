import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error.js';
import { DEFAULT_REPORT_CONFIG, reportConfigFromEnv } from './report-config.js';

describe('daily report settings', () => {
  it('defaults to an hourly tick and a month of catch-up, and reads the environment', () => {
    expect(reportConfigFromEnv({})).toEqual(DEFAULT_REPORT_CONFIG);
    expect(DEFAULT_REPORT_CONFIG).toEqual({ reportIntervalMs: 3_600_000, reportCatchUpDays: 31 });
    const config = reportConfigFromEnv({ INDICIA_REPORT_INTERVAL_MS: '0', INDICIA_REPORT_CATCH_UP_DAYS: '366' });
    expect(config).toEqual({ reportIntervalMs: 0, reportCatchUpDays: 366 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad setting at once', () => {
    let caught: unknown;
    try {
      reportConfigFromEnv({ INDICIA_REPORT_INTERVAL_MS: 'hourly', INDICIA_REPORT_CATCH_UP_DAYS: '367' });
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(/INDICIA_REPORT_INTERVAL_MS must be a whole number from 0 to 86400000, got hourly; INDICIA_REPORT_CATCH_UP_DAYS must be a whole number from 1 to 366, got 367/);
  });
});
