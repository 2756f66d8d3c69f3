import { randomInt } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { AuthorityKeys } from './authority-keys.js';
import type { AuthorityConfig } from './config.js';

/** The rules the authority applies, taken from its configuration. */
export interface AuthorityPolicy {
  /** The authority's name: CN of its root certificate. */
  readonly authorityName: string;
  /** The license number to assign; null to draw one at random. */
  readonly licenseNumber: number | null;
  /** Validity of a PSD certificate from its issue, in days. */
  readonly certificateValidityDays: number;
  /** Longest time between two inspections of a PSD, in days (psd-ledger.md: 90). */
  readonly inspectionIntervalDays: number;
  /** Largest amount one reset may add, in mills. */
  readonly maxResetMills: bigint;
  /** Largest amount one funding may add, in mills. */
  readonly maxFundingMills: bigint;
}

/** What every service of the authority works with; clock and randomness are injected so tests control them. */
export interface AuthorityContext {
  readonly db: Database;
  readonly keys: AuthorityKeys;
  readonly policy: AuthorityPolicy;
  readonly clock: () => Date;
  /** Draws a license number (1 … 2^32 − 1) when the policy names none. */
  readonly newLicenseNumber: () => number;
}

/** The policy part of the configuration. */
export function policyFromConfig(config: AuthorityConfig): AuthorityPolicy {
  return {
    authorityName: config.authorityName,
    licenseNumber: config.licenseNumber,
    certificateValidityDays: config.certificateValidityDays,
    inspectionIntervalDays: config.inspectionIntervalDays,
    maxResetMills: config.maxResetMills,
    maxFundingMills: config.maxFundingMills,
  };
}

/** An 8-digit license number, drawn when the configuration names none. */
export function randomLicenseNumber(): number {
  return randomInt(10_000_000, 100_000_000);
}
