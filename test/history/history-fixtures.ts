// Rows of the purchases and stamps tables written directly (the history only reads them), a history
// service over them with stand-ins for the refunds, accounts and billing ports, and a Fastify app with a
// stand-in authentication that takes the account from a test header.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Queryable, SqlValue } from '../../src/db/database.js';
import { assembleIndicium } from '../../src/core/indicium/codec.js';
import { parseMailingDate } from '../../src/core/mailing-date.js';
import { packMedium, parseMediumSerial } from '../../src/core/media-serial.js';
import { setPrincipal } from '../../src/accounts/principal.js';
import { registerErrorHandler } from '../../src/http/error-handler.js';
import { HistoryRepository } from '../../src/history/history.repository.js';
import { HistoryService } from '../../src/history/history.service.js';
import { registerHistoryRoutes } from '../../src/history/history.routes.js';
import type { AccountInfo, PaymentInfo, StampRefund } from '../../src/history/history-ports.js';
import { errorSchema } from '../../src/web/schemas.js';

export const DAY = 86_400_000;
/** 2026-11-24T00:00:00Z. */
export const T0 = Date.UTC(2026, 10, 24);

/** A stamp to insert. */
export interface StampSpec {
  readonly id: string;
  readonly postage: bigint;
  readonly rateCategory: number;
  /** Printed serial and slot. */
  readonly medium?: { readonly serial: string; readonly slot: number };
  readonly dateOfMailing?: string;
}

/** An order to insert. */
export interface OrderSpec {
  readonly id: string;
  readonly accountId: string;
  readonly state: 'pending' | 'completed' | 'failed';
  readonly createdAtMs: number;
  readonly stamps?: readonly StampSpec[];
  /** Defaults to the stamps' postage. */
  readonly totalMills?: bigint | null;
  readonly failure?: { readonly code: string; readonly message: string };
}

let pieces = 0;

/** Inserts the API key every purchase row refers to (once per database). */
export async function insertApiKey(db: Queryable, id = 'key-1'): Promise<string> {
  await db.execute('INSERT INTO api_keys (id, name, prefix, secret_hash, created_at_ms) VALUES (?, ?, ?, ?, ?)', [id, 'test', 'ik_test', randomBytes(32), T0]);
  return id;
}

/** Inserts an order (a purchases row) and, when completed, its stamps, as the purchase path would. */
export async function insertOrder(db: Queryable, o: OrderSpec, apiKeyId = 'key-1'): Promise<void> {
  const stamps = o.stamps ?? [];
  const total = o.totalMills === undefined ? stamps.reduce((sum, s) => sum + s.postage, 0n) : o.totalMills;
  const response = o.state === 'failed' ? JSON.stringify(o.failure ?? { code: 'PSD_REFUSED', message: 'refused' }) : o.state === 'completed' ? '{"purchaseId":"x","stamps":[]}' : null;
  await db.execute(
    `INSERT INTO purchases (id, api_key_id, idempotency_key, request_hash, state, server_id, items_json, item_count, response_status, response_json,
       created_at_ms, updated_at_ms, account_id, user_id, total_mills)
     VALUES (?, ?, ?, ?, ?, NULL, '[]', ?, ?, ?, ?, ?, ?, 'user-1', ?)`,
    [o.id, apiKeyId, `idem-${o.id}`, randomBytes(32), o.state, Math.max(1, stamps.length), o.state === 'failed' ? 409 : o.state === 'completed' ? 201 : null, response,
      o.createdAtMs, o.createdAtMs + 1_000, o.accountId, total],
  );
  if (o.state === 'completed') await insertStamps(db, o.id, o.accountId, stamps, o.createdAtMs + 1_000, apiKeyId);
}

/** Inserts stamps of an order, many rows per statement. */
export async function insertStamps(db: Queryable, purchaseId: string, accountId: string, stamps: readonly StampSpec[], createdAtMs: number, apiKeyId = 'key-1'): Promise<void> {
  const row = `(${Array.from({ length: 15 }, () => '?').join(', ')})`;
  for (let start = 0; start < stamps.length; start += 100) {
    const chunk = stamps.slice(start, start + 100);
    const params: SqlValue[] = chunk.flatMap((s, i) => {
      const medium = s.medium === undefined ? null : parseMediumSerial(s.medium.serial).serial;
      pieces += 1;
      return [
        s.id, purchaseId, start + i, 'server-1', 101, pieces, indiciumOf(s, pieces), apiKeyId, createdAtMs - 10, createdAtMs,
        accountId, s.postage, s.rateCategory, medium, s.medium?.slot ?? null,
      ];
    });
    await db.execute(
      `INSERT INTO stamps (id, purchase_id, item_index, server_id, psd_id, piece_count, indicium, api_key_id, dispensed_at_ms, created_at_ms,
         account_id, postage_mills, rate_category, medium_serial, medium_slot) VALUES ${chunk.map(() => row).join(', ')}`,
      params,
    );
  }
}

/** A well-formed indicium carrying the stamp's postage, category, medium and date (the signature is not checked here). */
export function indiciumOf(s: StampSpec, pieceCount: number): Buffer {
  const medium = s.medium === undefined ? 0n : packMedium(parseMediumSerial(s.medium.serial).serial, s.medium.slot);
  return assembleIndicium(
    {
      version: 1,
      algorithm: 1,
      licenseNumber: 40001234,
      certificateSerial: 7,
      psdId: 101,
      pieceCount,
      ascendingRegister: s.postage,
      descendingRegister: 1_000_000n,
      postage: s.postage,
      dateOfMailing: parseMailingDate(s.dateOfMailing ?? '2026-11-24'),
      originZip: 941070001,
      destinationZip: 0,
      rateCategory: s.rateCategory,
      medium,
      softwareId: 1,
    },
    Buffer.alloc(64, 7),
  );
}

/** Stand-ins for the ports, with what they answer kept in maps the tests fill. */
export class PortStandIns {
  readonly refunds = new Map<string, { accountId: string; refund: StampRefund }>();
  readonly accounts = new Map<string, AccountInfo>();
  readonly payments = new Map<string, PaymentInfo>();
  /** Stamp ids asked per refund lookup, to check the lookups are per page. */
  readonly refundCalls: number[] = [];

  service(db: Queryable, nowMs = () => T0 + 10 * DAY): HistoryService {
    return new HistoryService({
      repository: new HistoryRepository(db),
      refunds: async (accountId, ids) => {
        this.refundCalls.push(ids.length);
        const out = new Map<string, StampRefund>();
        for (const id of ids) {
          const r = this.refunds.get(id);
          if (r !== undefined && r.accountId === accountId) out.set(id, r.refund);
        }
        return out;
      },
      accounts: async (accountId) => this.accounts.get(accountId) ?? { name: `Account ${accountId}`, address: null },
      payments: async (purchaseId) => this.payments.get(purchaseId) ?? null,
      nowMs,
    });
  }
}

/** A Fastify app with the history routes; the stand-in authentication reads the account from `x-test-account`. */
export async function historyApp(history: HistoryService, nowMs = () => T0 + 10 * DAY): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.addSchema(errorSchema);
  registerErrorHandler(app);
  registerHistoryRoutes(app, {
    history,
    nowMs,
    authenticate: async (request) => {
      const accountId = request.headers['x-test-account'];
      if (typeof accountId !== 'string') throw new Error('test request without x-test-account');
      setPrincipal(request, { accountId, userId: `user-of-${accountId}`, role: 'member', credentialId: 'cred', via: 'api_key' });
    },
  });
  await app.ready();
  return app;
}
