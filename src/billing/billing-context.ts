// What the parts of billing share: the database, the gateway, the clock and id maker, the log, and one
// instance of each repository. BillingService builds it once from its options and hands the same object
// to each part (account operations, purchase hooks, auto-refill, owed-money sweeps), so that they read
// and write through the same repositories and see the same clock.
import type { Database } from '../db/database.js';
import type { PaymentGateway } from '../payment/gateway-port.js';
import type { CardRepository } from './card.repository.js';
import type { ChargeRepository } from './charge.repository.js';
import type { HoldRepository } from './hold.repository.js';
import type { LedgerRepository } from './ledger.repository.js';
import type { Notifier } from './notifier.js';
import type { SettingsRepository } from './settings.repository.js';

/** A line of a log, as pino takes it; billing logs ids and codes, never card data. */
export interface BillingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** A logger that drops every line. */
export const NO_LOG: BillingLogger = { info: () => undefined, warn: () => undefined };

/** The shared state of the parts of billing. */
export interface BillingContext {
  readonly db: Database;
  readonly gateway: PaymentGateway;
  readonly notifier: Notifier;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly log: BillingLogger;
  readonly ledger: LedgerRepository;
  readonly cards: CardRepository;
  readonly charges: ChargeRepository;
  readonly holds: HoldRepository;
  readonly settings: SettingsRepository;
}
