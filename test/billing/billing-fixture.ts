// A billing world for the integration tests: a fresh migrated database (web migrations and 203), a payment
// simulator with its gateway, a BillingService on the simulator's clock, and a notifier that records.
import type { Principal } from '../../src/accounts/principal.js';
import { BillingService } from '../../src/billing/billing.service.js';
import type { Notifier } from '../../src/billing/notifier.js';
import type { PaymentGateway } from '../../src/payment/gateway-port.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';
import { NOW, startSimulatorFixture, testCard, type SimulatorFixture } from '../payment/simulator-fixture.js';

export { NOW, testCard };

/** Every migration billing needs. */
export const MIGRATIONS = WEB_MIGRATIONS;

/** Card numbers of the simulator (docs/payment.md). */
export const CARDS = {
  approve: '4242424242424242',
  mastercard: '5555555555554444',
  decline: '4000000000000002',
  cvcFail: '4000000000000127',
  insufficient: '4000000000009995',
  expired: '4000000000000069',
  timeout: '4000000000000119',
} as const;

/** A message sent through the notifier. */
export interface SentNotice {
  readonly accountId: string;
  readonly subject: string;
  readonly body: string;
}

/** What a billing test works with. */
export interface BillingWorld {
  readonly db: TestDatabase;
  readonly sim: SimulatorFixture;
  readonly billing: BillingService;
  readonly notices: SentNotice[];
  readonly logLines: string[];
}

/** The owner of account `accountId`. */
export function owner(accountId: string): Principal {
  return { accountId, userId: `${accountId}-owner`, role: 'owner', credentialId: `${accountId}-key`, via: 'api_key' };
}

/** A member (not an owner) of account `accountId`. */
export function member(accountId: string): Principal {
  return { accountId, userId: `${accountId}-member`, role: 'member', credentialId: `${accountId}-mkey`, via: 'api_key' };
}

/** Builds the world; `wrapGateway` lets a test put a faulty network between billing and the simulator. */
export async function startBillingWorld(
  open: OpenTestDatabase,
  options: { gatewayTimeoutMs?: number; wrapGateway?: (g: PaymentGateway) => PaymentGateway; notifier?: Notifier } = {},
): Promise<BillingWorld> {
  const db = await open({ migrations: MIGRATIONS });
  const sim = await startSimulatorFixture({ timeoutMs: options.gatewayTimeoutMs ?? 400, holdMs: 30_000 });
  const notices: SentNotice[] = [];
  const logLines: string[] = [];
  const notifier: Notifier = options.notifier ?? {
    notifyAccount: async (accountId, subject, body) => void notices.push({ accountId, subject, body }),
  };
  const billing = new BillingService({
    db,
    gateway: options.wrapGateway ? options.wrapGateway(sim.gateway) : sim.gateway,
    notifier,
    clock: () => NOW.getTime(),
    logger: {
      info: (obj, msg) => void logLines.push(JSON.stringify({ ...obj, msg })),
      warn: (obj, msg) => void logLines.push(JSON.stringify({ ...obj, msg })),
    },
  });
  return { db, sim, billing, notices, logLines };
}

/** Adds a card of the given number to the account (as its owner). */
export async function addCard(w: BillingWorld, accountId: string, number: string): Promise<string> {
  return (await w.billing.addCard(owner(accountId), testCard(number))).id;
}

/** The account's balance in mills. */
export async function balanceOf(w: BillingWorld, accountId: string): Promise<bigint> {
  return BigInt((await w.billing.balance(owner(accountId))).balanceMills);
}

/** The state of a charge row. */
export async function chargeState(w: BillingWorld, id: string): Promise<string> {
  const rows = await w.db.query('SELECT state FROM card_charges WHERE id = ?', [id]);
  return String(rows[0]?.state);
}

/** The catalogue code a promise rejects with, or 'resolved'. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/** Expects the ledger audit to be clean. */
export async function expectCleanAudit(w: BillingWorld): Promise<void> {
  const report = await w.billing.audit();
  if (!report.ok) throw new Error(`ledger audit not clean: ${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
}
