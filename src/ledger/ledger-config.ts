// The PSD ledger's configuration, checked once and frozen, with its defaults.
import { randomUUID, type KeyObject } from 'node:crypto';
import { verifyResetAuthorization, type ResetAuthorization } from '../authority/reset-authorization.js';
import type { CryptoModule } from '../crypto/crypto-module.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { ResetAuthorizer } from './reset-authorizer.js';

/** Default inspection period: 90 days, in milliseconds. */
export const DEFAULT_INSPECTION_PERIOD_MS = 90 * 24 * 60 * 60 * 1000;

/** When and by how much PSDs are reset without an operator. */
export interface AutoResetConfig {
  /** A PSD whose DR falls below this many mills is reset (in the background after a batch commits). */
  readonly thresholdMills: bigint;
  /** Mills asked for at each automatic reset. */
  readonly amountMills: bigint;
  /** After a failed or refused automatic reset, how long the PSD is not asked for again, in milliseconds. */
  readonly retryAfterMs?: number;
}

/** What a PsdLedger is built from; the clock and id source are arguments so tests can fix them. */
export interface PsdLedgerOptions {
  readonly db: Database;
  readonly crypto: CryptoModule;
  /** This processing server's id; it dispenses only from PSDs provisioned with it. */
  readonly serverId: string;
  /** The vendor's single license number. */
  readonly licenseNumber: number;
  /** The postal authority; without it no reset is possible. */
  readonly authorizer?: ResetAuthorizer;
  /** The authority's public key (SPKI PEM or KeyObject) that reset authorizations must verify with. */
  readonly authorityPublicKey?: string | KeyObject;
  /** Reset automatically; off when absent. */
  readonly autoReset?: AutoResetConfig;
  /** How long an inspection keeps a PSD dispensing, in milliseconds; 90 days by default. */
  readonly inspectionPeriodMs?: number;
  /** At most this many PSDs are locked by one batch, so concurrent batches find others free; 4 by default. */
  readonly maxPsdsPerBatch?: number;
  /** Most single requests grouped into one batch (one commit) by dispenseOne; 256 by default. */
  readonly maxBatchSize?: number;
  /** The clock, milliseconds since 1970-01-01 UTC. */
  readonly nowMs?: () => number;
  /** New reset transaction ids; random UUIDs by default. */
  readonly newTransactionId?: () => string;
  /** Receives failures of background resets, which have no caller to throw to. */
  readonly onBackgroundError?: (err: unknown) => void;
}

/** The checked configuration every ledger module reads. */
export interface LedgerContext {
  readonly db: Database;
  readonly crypto: CryptoModule;
  readonly serverId: string;
  readonly licenseNumber: number;
  readonly authorizer: ResetAuthorizer | undefined;
  readonly verifyAuthorization: ((authorization: ResetAuthorization) => boolean) | undefined;
  readonly autoReset: Required<AutoResetConfig> | undefined;
  readonly inspectionPeriodMs: number;
  readonly maxPsdsPerBatch: number;
  readonly maxBatchSize: number;
  readonly nowMs: () => number;
  readonly newTransactionId: () => string;
  readonly onBackgroundError: (err: unknown) => void;
}

const DEFAULT_RETRY_AFTER_MS = 30_000;

/** Checks the options (CONFIG_INVALID names every problem at once) and fills in defaults. */
export function ledgerContext(options: PsdLedgerOptions): LedgerContext {
  const problems: string[] = [];
  if (typeof options.serverId !== 'string' || options.serverId.trim() === '') problems.push('serverId must be a non-empty string');
  if (!Number.isInteger(options.licenseNumber) || options.licenseNumber < 0 || options.licenseNumber > 0xffff_ffff) {
    problems.push('licenseNumber must be an integer from 0 to 4294967295');
  }
  const period = options.inspectionPeriodMs ?? DEFAULT_INSPECTION_PERIOD_MS;
  if (!Number.isSafeInteger(period) || period <= 0) problems.push('inspectionPeriodMs must be a positive integer');
  const maxPsds = options.maxPsdsPerBatch ?? 4;
  if (!Number.isInteger(maxPsds) || maxPsds < 1) problems.push('maxPsdsPerBatch must be a positive integer');
  const maxBatchSize = options.maxBatchSize ?? 256;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) problems.push('maxBatchSize must be a positive integer');
  const auto = options.autoReset;
  if (auto !== undefined) {
    if (options.authorizer === undefined) problems.push('autoReset needs an authorizer');
    if (auto.amountMills <= 0n) problems.push('autoReset.amountMills must be positive');
    if (auto.thresholdMills < 0n) problems.push('autoReset.thresholdMills must not be negative');
  }
  if (options.authorizer !== undefined && options.authorityPublicKey === undefined) {
    problems.push('an authorizer needs authorityPublicKey, to verify its reset authorizations');
  }
  if (problems.length > 0) throw new AppError('CONFIG_INVALID', `PSD ledger: ${problems.join('; ')}`, { problems });
  const key = options.authorityPublicKey;
  return Object.freeze({
    db: options.db,
    crypto: options.crypto,
    serverId: options.serverId,
    licenseNumber: options.licenseNumber,
    authorizer: options.authorizer,
    verifyAuthorization: key === undefined ? undefined : (a: ResetAuthorization) => verifyResetAuthorization(a, key),
    autoReset: auto === undefined ? undefined : Object.freeze({ retryAfterMs: DEFAULT_RETRY_AFTER_MS, ...auto }),
    inspectionPeriodMs: period,
    maxPsdsPerBatch: maxPsds,
    maxBatchSize,
    nowMs: options.nowMs ?? (() => Date.now()),
    newTransactionId: options.newTransactionId ?? (() => randomUUID()),
    onBackgroundError: options.onBackgroundError ?? (() => undefined),
  });
}
