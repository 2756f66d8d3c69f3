// A web database with the refund migration, stamps seeded in it as if bought by two accounts, a refund
// service on a movable clock, and a small Fastify app with the refund routes behind a stand-in
// authentication that sets the principal from test headers.
import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { setPrincipal, type Principal } from '../../src/accounts/principal.js';
import { assembleIndicium } from '../../src/core/indicium/codec.js';
import type { IndiciumFields } from '../../src/core/indicium/fields.js';
import { dateToDays } from '../../src/core/mailing-date.js';
import type { Queryable } from '../../src/db/database.js';
import { AppError } from '../../src/errors/app-error.js';
import { registerErrorHandler } from '../../src/http/error-handler.js';
import type { RefundCreditor, StampRefundCredit } from '../../src/refunds/refund-ports.js';
import type { RefundPolicy } from '../../src/refunds/refund-policy.js';
import { RefundService } from '../../src/refunds/refund.service.js';
import { registerRefundRoutes } from '../../src/refunds/refunds.routes.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { errorSchema } from '../../src/web/schemas.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';

/** The moment the tests start (the authority fixtures' START, so that dates of mailing line up). */
export const START_MS = Date.parse('2026-03-01T12:00:00.250Z');
export const DAY_MS = 86_400_000;

export const ALICE: Principal = { accountId: 'acct-alice', userId: 'user-alice', role: 'member', credentialId: 'key-alice', via: 'api_key' };
export const BOB: Principal = { accountId: 'acct-bob', userId: 'user-bob', role: 'owner', credentialId: 'key-bob', via: 'api_key' };

/** A stamp to seed: who bought it, when, dated which day, for how much. */
export interface SeedStamp {
  readonly owner?: Principal;
  readonly boughtAtMs?: number;
  /** Days since 2000-01-01; the day of boughtAtMs by default. */
  readonly dateOfMailing?: number;
  readonly postageMills?: bigint;
  readonly psdId?: number;
  readonly pieceCount?: number;
  /** The 117 bytes to store; a well-formed unsigned indicium of the other fields by default. */
  readonly indicium?: Buffer;
}

/** The test web database, clock, service and app. */
export interface RefundFixture {
  readonly db: TestDatabase;
  readonly service: RefundService;
  readonly app: FastifyInstance;
  readonly clock: { now: () => number; advance(ms: number): void; set(ms: number): void };
  /** Inserts a purchase of one stamp for the owner (Alice by default); returns the stamp id. */
  seedStamp(seed?: SeedStamp): Promise<string>;
  /** A request to the app as `who`. */
  as(who: Principal, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

let nextPiece = 1;

/** Opens a fresh web database with the refunds migration and builds the service and the app on it. */
export async function refundFixture(open: OpenTestDatabase, policy: Partial<RefundPolicy> = {}): Promise<RefundFixture> {
  const db = await open({ migrations: WEB_MIGRATIONS });
  let nowMs = START_MS;
  const clock = { now: () => nowMs, advance: (ms: number) => void (nowMs += ms), set: (ms: number) => void (nowMs = ms) };
  const service = new RefundService({ db, policy, clock: clock.now });
  const app = Fastify({ genReqId: () => randomUUID(), ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allowUnionTypes: true } } });
  registerErrorHandler(app);
  app.addSchema(errorSchema);
  // Stand-in for src/web/auth.ts: the test names the principal in a header.
  const principals = new Map([ALICE, BOB].map((p) => [p.accountId, p]));
  registerRefundRoutes(app, {
    refunds: service,
    authenticate: async (request) => {
      const p = principals.get(String(request.headers['x-test-account']));
      if (p === undefined) throw new AppError('API_KEY_MISSING', 'The request has no Authorization header');
      setPrincipal(request, p);
    },
  });
  await app.ready();
  const keys = new Set<string>();
  const seedStamp = async (seed: SeedStamp = {}): Promise<string> => {
    const owner = seed.owner ?? ALICE;
    const boughtAtMs = seed.boughtAtMs ?? nowMs;
    const postage = seed.postageMills ?? 740n;
    const psdId = seed.psdId ?? 101;
    const pieceCount = seed.pieceCount ?? nextPiece++;
    if (!keys.has(owner.credentialId)) {
      await db.execute('INSERT INTO api_keys (id, name, prefix, secret_hash, created_at_ms) VALUES (?, ?, ?, ?, ?)', [
        owner.credentialId, 'test', 'ik_test', randomBytes(32), START_MS,
      ]);
      keys.add(owner.credentialId);
    }
    const purchaseId = `p-${randomBytes(6).toString('hex')}`;
    const stampId = `s-${randomBytes(6).toString('hex')}`;
    await db.execute(
      `INSERT INTO purchases (id, api_key_id, idempotency_key, request_hash, state, items_json, item_count, created_at_ms, updated_at_ms, account_id, user_id, total_mills)
       VALUES (?, ?, ?, ?, 'completed', '[]', 1, ?, ?, ?, ?, ?)`,
      [purchaseId, owner.credentialId, purchaseId, randomBytes(32), boughtAtMs, boughtAtMs, owner.accountId, owner.userId, postage],
    );
    const indicium = seed.indicium ?? testIndicium({ psdId, pieceCount, postage, dateOfMailing: seed.dateOfMailing ?? dateToDays(new Date(boughtAtMs)) });
    await db.execute(
      `INSERT INTO stamps (id, purchase_id, item_index, server_id, psd_id, piece_count, indicium, api_key_id, dispensed_at_ms, created_at_ms, account_id, postage_mills, rate_category)
       VALUES (?, ?, 0, 'ps-1', ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      [stampId, purchaseId, psdId, pieceCount, indicium, owner.credentialId, boughtAtMs, boughtAtMs, owner.accountId, postage],
    );
    return stampId;
  };
  const as = (who: Principal, method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { 'x-test-account': who.accountId }, ...(body === undefined ? {} : { payload: body as object }) });
  return { db, service, app, clock, seedStamp, as };
}

/** A well-formed indicium (unsigned: refunds never check the signature, the authority does). */
export function testIndicium(f: { psdId: number; pieceCount: number; postage: bigint; dateOfMailing: number }): Buffer {
  const fields: IndiciumFields = {
    version: 1,
    algorithm: 1,
    licenseNumber: 40001234,
    certificateSerial: 1,
    psdId: f.psdId,
    pieceCount: f.pieceCount,
    ascendingRegister: f.postage * BigInt(f.pieceCount),
    descendingRegister: 1_000_000n,
    postage: f.postage,
    dateOfMailing: f.dateOfMailing,
    originZip: 941070001,
    destinationZip: 0,
    rateCategory: 1,
    medium: 0n,
    softwareId: 1,
  };
  return assembleIndicium(fields, Buffer.alloc(64, 1));
}

/**
 * A RefundCreditor that writes each credit into a table of the test database inside the reviewer's
 * transaction (so a rollback takes it back, as the real ledger's would) and can be told to fail.
 */
export class TableCreditor implements RefundCreditor {
  /** Every call, committed or not. */
  readonly calls: StampRefundCredit[] = [];
  /** Fail the next N calls after writing (to show the write is rolled back with the approval). */
  failNext = 0;

  static async create(db: Queryable): Promise<TableCreditor> {
    // refund_id is the key: a second credit of one refund would fail loudly, not pass silently.
    await db.execute('CREATE TABLE test_refund_credits (refund_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, stamp_id TEXT NOT NULL, amount_mills BIGINT NOT NULL)');
    return new TableCreditor(db);
  }

  private constructor(private readonly db: Queryable) {}

  async creditStampRefundInTx(tx: Queryable, credit: StampRefundCredit): Promise<void> {
    this.calls.push(credit);
    await tx.execute('INSERT INTO test_refund_credits (refund_id, account_id, stamp_id, amount_mills) VALUES (?, ?, ?, ?)', [
      credit.refundId, credit.accountId, credit.stampId, credit.amountMills,
    ]);
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('ledger stand-in told to fail');
    }
  }

  /** The committed credits. */
  async committed(): Promise<{ refund_id: string; account_id: string; stamp_id: string; amount_mills: bigint }[]> {
    return (await this.db.query('SELECT refund_id, account_id, stamp_id, amount_mills FROM test_refund_credits ORDER BY refund_id')) as never;
  }
}
