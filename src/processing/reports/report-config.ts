// The daily report scheduler's settings, read once from the environment, validated (every problem at
// once) and frozen. They sit beside the processing server's own configuration rather than in it, so a
// server started without them (tests, older launchers) keeps the defaults.
import { MAX_RANGE_DAYS } from '../../authority/reports/report-day.js';
import { AppError } from '../../errors/app-error.js';
import { SettingReader, type SettingValue } from '../config-reader.js';

/** How the daily reports are sent. */
export interface ReportConfig {
  /** Time between two report ticks, in milliseconds; 0: never (the operator route only). */
  readonly reportIntervalMs: number;
  /** How many finished days back each tick looks for reports the authority lacks. */
  readonly reportCatchUpDays: number;
}

/** The environment variable of each setting. */
export const REPORT_ENV = {
  reportIntervalMs: 'INDICIA_REPORT_INTERVAL_MS',
  reportCatchUpDays: 'INDICIA_REPORT_CATCH_UP_DAYS',
} as const satisfies Record<keyof ReportConfig, string>;

/** Hourly ticks, a month of catch-up. */
export const DEFAULT_REPORT_CONFIG: ReportConfig = Object.freeze({ reportIntervalMs: 3_600_000, reportCatchUpDays: 31 });

/** Validates settings (strings from the environment or values) and applies the defaults; CONFIG_INVALID names every bad one. */
export function loadReportConfig(input: Partial<Record<keyof ReportConfig, SettingValue>>, names: Partial<Record<keyof ReportConfig, string>> = {}): ReportConfig {
  const r = new SettingReader<keyof ReportConfig>(input, names);
  const config: ReportConfig = {
    reportIntervalMs: r.int('reportIntervalMs', DEFAULT_REPORT_CONFIG.reportIntervalMs, 0, 86_400_000),
    reportCatchUpDays: r.int('reportCatchUpDays', DEFAULT_REPORT_CONFIG.reportCatchUpDays, 1, MAX_RANGE_DAYS),
  };
  if (r.problems.length > 0) throw new AppError('CONFIG_INVALID', `The daily report settings are invalid: ${r.problems.join('; ')}`, { problems: r.problems });
  return Object.freeze(config);
}

/** Reads the settings from environment variables (REPORT_ENV). */
export function reportConfigFromEnv(env: Readonly<Record<string, string | undefined>>): ReportConfig {
  return loadReportConfig({ reportIntervalMs: env[REPORT_ENV.reportIntervalMs], reportCatchUpDays: env[REPORT_ENV.reportCatchUpDays] }, REPORT_ENV);
}
