// Refund requests through the routes and the reviewer, on SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { dateToDays } from '../../src/core/mailing-date.js';
import { AppError } from '../../src/errors/app-error.js';
import type { PublicationResult, PublishedStamp, RefundPublisher } from '../../src/refunds/refund-ports.js';
import { RefundReviewer, RefundReviewTask } from '../../src/refunds/refund-reviewer.js';
import { forEachDialect } from '../helpers/dialects.js';
import { expectError } from '../authority/authority-fixture.js';
import { ALICE, BOB, DAY_MS, START_MS, TableCreditor, refundFixture } from './refund-fixture.js';

const TODAY = dateToDays(new Date(START_MS));

interface RefundJson {
  id: string;
  stampId: string;
  status: string;
  amountMills: string;
  reasonCode: string | null;
  reason: string | null;
  requestedAt: string;
  expectedDecisionDate: string;
  decidedAt: string | null;
  publishedAt: string | null;
  creditedAt: string | null;
}

/** A publisher standing in for the authority: idempotent, told which pieces were scanned, can be down. */
class FakePublisher implements RefundPublisher {
  readonly calls: PublishedStamp[] = [];
  readonly scanned = new Set<number>();
  readonly published = new Map<number, number>();
  down = false;
  constructor(private readonly now: () => number) {}
  async publish(stamp: PublishedStamp): Promise<PublicationResult> {
    this.calls.push(stamp);
    if (this.down) throw new AppError('AUTHORITY_UNAVAILABLE', 'POST /v1/refunds failed: ECONNREFUSED');
    if (!this.published.has(stamp.pieceCount)) this.published.set(stamp.pieceCount, this.now());
    return { scannedBefore: this.scanned.has(stamp.pieceCount), publishedAtMs: this.published.get(stamp.pieceCount)! };
  }
}

forEachDialect((_dialect, open) => {
  describe('refund eligibility', () => {
    it('an eligible stamp: no reasons, its postage, and a decision expected after the review delay', async () => {
      const f = await refundFixture(open);
      const stampId = await f.seedStamp({ postageMills: 1230n });
      const res = await f.as(ALICE, 'GET', `/v1/stamps/${stampId}/refund-eligibility`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        stampId,
        eligible: true,
        reasons: [],
        amountMills: '1230',
        expectedDecisionDate: new Date(START_MS + 3 * DAY_MS).toISOString(),
      });
    });

    it('each refusal: window passed, date of mailing passed, already requested (with its status)', async () => {
      const f = await refundFixture(open);
      const old = await f.seedStamp({ boughtAtMs: START_MS - 61 * DAY_MS, dateOfMailing: TODAY + 5 });
      const stale = await f.seedStamp({ boughtAtMs: START_MS - 5 * DAY_MS, dateOfMailing: TODAY - 3 });
      const graced = await f.seedStamp({ boughtAtMs: START_MS - 5 * DAY_MS, dateOfMailing: TODAY - 2 });
      const requested = await f.seedStamp();
      expect((await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: [requested] })).statusCode).toBe(201);

      const reasons = async (id: string) => {
        const res = await f.as(ALICE, 'GET', `/v1/stamps/${id}/refund-eligibility`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as { eligible: boolean; reasons: { code: string; message: string }[]; expectedDecisionDate: string | null };
      };
      expect(await reasons(old)).toMatchObject({ eligible: false, reasons: [{ code: 'REFUND_WINDOW_PASSED' }], expectedDecisionDate: null });
      expect(await reasons(stale)).toMatchObject({ eligible: false, reasons: [{ code: 'REFUND_MAILING_DATE_PASSED' }] });
      expect(await reasons(graced)).toMatchObject({ eligible: true, reasons: [] });
      const again = await reasons(requested);
      expect(again).toMatchObject({ eligible: false, reasons: [{ code: 'REFUND_ALREADY_REQUESTED' }] });
      expect(again.reasons[0]?.message).toContain(', requested)');
    });

    it('an unknown stamp and another account’s stamp both answer 404 STAMP_NOT_FOUND, alike', async () => {
      const f = await refundFixture(open);
      const bobs = await f.seedStamp({ owner: BOB });
      const unknown = expectError(await f.as(ALICE, 'GET', '/v1/stamps/s-000000000000/refund-eligibility'), 'STAMP_NOT_FOUND');
      const foreign = expectError(await f.as(ALICE, 'GET', `/v1/stamps/${bobs}/refund-eligibility`), 'STAMP_NOT_FOUND');
      const shape = (b: Record<string, unknown>, id: string) => ({ ...b, requestId: 'x', message: String(b.message).replace(id, 'ID'), details: 'x' });
      expect(shape(foreign, bobs)).toEqual(shape(unknown, 's-000000000000'));
      expect((await f.as(BOB, 'GET', `/v1/stamps/${bobs}/refund-eligibility`)).statusCode).toBe(200);
    });
  });

  describe('POST /v1/refunds', () => {
    it('requests several stamps at once: 201, status requested, expected decision after the delay', async () => {
      const f = await refundFixture(open, { reviewDelayMs: 2 * DAY_MS });
      const a = await f.seedStamp({ postageMills: 740n });
      const b = await f.seedStamp({ postageMills: 1500n });
      const res = await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: [a, b] });
      expect(res.statusCode, res.body).toBe(201);
      const refunds = (res.json() as { refunds: RefundJson[] }).refunds;
      expect(refunds.map((r) => [r.stampId, r.status, r.amountMills])).toEqual([[a, 'requested', '740'], [b, 'requested', '1500']]);
      expect(refunds[0]).toMatchObject({
        requestedAt: new Date(START_MS).toISOString(),
        expectedDecisionDate: new Date(START_MS + 2 * DAY_MS).toISOString(),
        decidedAt: null,
        publishedAt: null,
        creditedAt: null,
        reasonCode: null,
      });
      const rows = await f.db.query('SELECT account_id, requested_by_user_id, status FROM refund_requests ORDER BY stamp_id');
      expect(rows).toEqual([
        { account_id: ALICE.accountId, requested_by_user_id: ALICE.userId, status: 'requested' },
        { account_id: ALICE.accountId, requested_by_user_id: ALICE.userId, status: 'requested' },
      ]);
    });

    it('all or none: one ineligible or unknown stamp refuses the whole request, listing each refused stamp', async () => {
      const f = await refundFixture(open);
      const good = await f.seedStamp();
      const stale = await f.seedStamp({ dateOfMailing: TODAY - 10 });
      const bobs = await f.seedStamp({ owner: BOB });
      const body = expectError(await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: [good, stale, bobs, 'no-such-stamp'] }), 'REFUND_NOT_ELIGIBLE');
      const refused = (body.details as { refused: { stampId: string; code: string; reasons: { code: string }[] }[] }).refused;
      expect(refused.map((r) => [r.stampId, r.code])).toEqual([
        [stale, 'REFUND_MAILING_DATE_PASSED'],
        [bobs, 'STAMP_NOT_FOUND'],
        ['no-such-stamp', 'STAMP_NOT_FOUND'],
      ]);
      expect(await f.db.query('SELECT id FROM refund_requests')).toEqual([]);
      // Without the refused stamps it goes through.
      expect((await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: [good] })).statusCode).toBe(201);
      // And a stamp is requested only once.
      const twice = expectError(await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: [good] }), 'REFUND_NOT_ELIGIBLE');
      expect((twice.details as { refused: { code: string }[] }).refused.map((r) => r.code)).toEqual(['REFUND_ALREADY_REQUESTED']);
    });

    it('refuses an empty list, more than 100 ids, a repeated id and unknown fields (400 INVALID_ARGUMENT)', async () => {
      const f = await refundFixture(open);
      const s = await f.seedStamp();
      expectError(await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: [] }), 'INVALID_ARGUMENT');
      expectError(await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: Array.from({ length: 101 }, (_, i) => `s${i}`) }), 'INVALID_ARGUMENT');
      expectError(await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: [s, s] }), 'INVALID_ARGUMENT');
      expectError(await f.as(ALICE, 'POST', '/v1/refunds', { stampIds: [s], note: 'x' }), 'INVALID_ARGUMENT');
      await expect(f.service.request(ALICE, [s, s])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await f.db.query('SELECT id FROM refund_requests')).toEqual([]);
    });

    it('concurrent requests of one stamp: one is recorded, the other is refused as already requested', async () => {
      const f = await refundFixture(open);
      const s = await f.seedStamp();
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => f.service.request(ALICE, [s])));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'REFUND_NOT_ELIGIBLE', details: { refused: [{ code: 'REFUND_ALREADY_REQUESTED' }] } });
      }
      expect(await f.db.query('SELECT stamp_id FROM refund_requests')).toEqual([{ stamp_id: s }]);
    });
  });

  describe('reading refunds', () => {
    it('lists the account’s requests newest first, by status, a page at a time; reads one by id', async () => {
      const f = await refundFixture(open);
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        ids.push((await f.service.request(ALICE, [await f.seedStamp()]))[0]!.id);
        f.clock.advance(1000);
      }
      const first = await f.as(ALICE, 'GET', '/v1/refunds?limit=2');
      expect(first.statusCode, first.body).toBe(200);
      const p1 = first.json() as { refunds: RefundJson[]; nextCursor: string };
      expect(p1.refunds.map((r) => r.id)).toEqual([ids[4], ids[3]]);
      const p2 = (await f.as(ALICE, 'GET', `/v1/refunds?limit=2&cursor=${p1.nextCursor}`)).json() as { refunds: RefundJson[]; nextCursor: string };
      expect(p2.refunds.map((r) => r.id)).toEqual([ids[2], ids[1]]);
      const p3 = (await f.as(ALICE, 'GET', `/v1/refunds?limit=2&cursor=${p2.nextCursor}`)).json() as { refunds: RefundJson[]; nextCursor: string | null };
      expect(p3).toMatchObject({ refunds: [{ id: ids[0] }], nextCursor: null });
      expect(((await f.as(ALICE, 'GET', '/v1/refunds?status=requested')).json() as { refunds: unknown[] }).refunds).toHaveLength(5);
      expect(((await f.as(ALICE, 'GET', '/v1/refunds?status=approved')).json() as { refunds: unknown[] }).refunds).toHaveLength(0);
      const one = await f.as(ALICE, 'GET', `/v1/refunds/${ids[2]}`);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ id: ids[2], status: 'requested', links: { self: `/v1/refunds/${ids[2]}` } });
      expectError(await f.as(ALICE, 'GET', '/v1/refunds?cursor=bogus'), 'REFUND_CURSOR_INVALID');
      expectError(await f.as(ALICE, 'GET', '/v1/refunds?limit=0'), 'INVALID_ARGUMENT');
      expectError(await f.as(ALICE, 'GET', '/v1/refunds?status=lost'), 'INVALID_ARGUMENT');
    });

    it('isolation: Bob can neither request, see nor look up Alice’s refunds', async () => {
      const f = await refundFixture(open);
      const alices = await f.seedStamp();
      const [refund] = await f.service.request(ALICE, [alices]);
      const bobsStamp = await f.seedStamp({ owner: BOB });
      const refused = expectError(await f.as(BOB, 'POST', '/v1/refunds', { stampIds: [alices] }), 'REFUND_NOT_ELIGIBLE');
      expect((refused.details as { refused: { code: string }[] }).refused.map((r) => r.code)).toEqual(['STAMP_NOT_FOUND']);
      expect((await f.as(BOB, 'GET', '/v1/refunds')).json()).toEqual({ refunds: [], nextCursor: null });
      expectError(await f.as(BOB, 'GET', `/v1/refunds/${refund!.id}`), 'REFUND_NOT_FOUND');
      expectError(await f.as(BOB, 'GET', '/v1/refunds/no-such-refund'), 'REFUND_NOT_FOUND');
      expect(await f.service.refundStatusOf(BOB.accountId, [alices, bobsStamp])).toEqual(new Map());
      expect(await f.service.refundStatusOf(ALICE.accountId, [alices, bobsStamp, 'nothing'])).toEqual(
        new Map([[alices, { status: 'requested', refundId: refund!.id }]]),
      );
      // Bob's own request is his alone.
      expect((await f.as(BOB, 'POST', '/v1/refunds', { stampIds: [bobsStamp] })).statusCode).toBe(201);
      expect(((await f.as(ALICE, 'GET', '/v1/refunds')).json() as { refunds: RefundJson[] }).refunds.map((r) => r.stampId)).toEqual([alices]);
    });
  });

  describe('review', () => {
    it('decides nothing before the review delay; then approves and credits once, even when reviewed twice or concurrently', async () => {
      const f = await refundFixture(open);
      const creditor = await TableCreditor.create(f.db);
      const publisher = new FakePublisher(f.clock.now);
      const reviewer = new RefundReviewer({ db: f.db, publisher, creditor });
      const stampId = await f.seedStamp({ postageMills: 990n, psdId: 101 });
      const [refund] = await f.service.request(ALICE, [stampId]);

      f.clock.advance(3 * DAY_MS - 1);
      expect(await reviewer.reviewDue(f.clock.now())).toEqual({ approved: 0, rejected: 0, deferred: 0 });
      expect(publisher.calls).toEqual([]);

      f.clock.advance(1);
      const decidedAt = f.clock.now();
      const rounds = await Promise.all([reviewer.reviewDue(decidedAt), new RefundReviewer({ db: f.db, publisher, creditor }).reviewDue(decidedAt)]);
      expect(rounds.reduce((n, r) => n + r.approved, 0)).toBe(1);
      expect(await reviewer.reviewDue(f.clock.now() + DAY_MS)).toEqual({ approved: 0, rejected: 0, deferred: 0 });
      expect(await creditor.committed()).toEqual([{ refund_id: refund!.id, account_id: ALICE.accountId, stamp_id: stampId, amount_mills: 990n }]);
      expect(creditor.calls.every((c) => c.purchaseId === refund!.purchaseId && c.amountMills === 990n)).toBe(true);

      const res = await f.as(ALICE, 'GET', `/v1/refunds/${refund!.id}`);
      expect(res.json()).toMatchObject({
        status: 'approved',
        reasonCode: null,
        decidedAt: new Date(decidedAt).toISOString(),
        creditedAt: new Date(decidedAt).toISOString(),
        publishedAt: new Date(decidedAt).toISOString(),
      });
      expect(await f.service.refundStatusOf(ALICE.accountId, [stampId])).toEqual(new Map([[stampId, { status: 'approved', refundId: refund!.id }]]));
    });

    it('a stamp the authority had scanned is rejected with STAMP_USED and nothing is credited', async () => {
      const f = await refundFixture(open);
      const creditor = await TableCreditor.create(f.db);
      const publisher = new FakePublisher(f.clock.now);
      const used = await f.seedStamp({ pieceCount: 9001 });
      const unused = await f.seedStamp({ pieceCount: 9002 });
      publisher.scanned.add(9001);
      const requested = await f.service.request(ALICE, [used, unused]);
      f.clock.advance(3 * DAY_MS);
      expect(await new RefundReviewer({ db: f.db, publisher, creditor }).reviewDue(f.clock.now())).toEqual({ approved: 1, rejected: 1, deferred: 0 });
      const usedView = (await f.as(ALICE, 'GET', `/v1/refunds/${requested[0]!.id}`)).json() as RefundJson;
      expect(usedView).toMatchObject({ status: 'rejected', reasonCode: 'STAMP_USED', creditedAt: null, decidedAt: new Date(f.clock.now()).toISOString() });
      expect(usedView.reason).toContain('piece 9001');
      expect(usedView.reason).toContain('its postage was used');
      expect((await creditor.committed()).map((c) => c.stamp_id)).toEqual([unused]);
      expect(((await f.as(ALICE, 'GET', '/v1/refunds?status=rejected')).json() as { refunds: RefundJson[] }).refunds.map((r) => r.stampId)).toEqual([used]);
    });

    it('an unreachable authority leaves requests requested for the next round; a failed credit is rolled back and retried', async () => {
      const f = await refundFixture(open);
      const creditor = await TableCreditor.create(f.db);
      const publisher = new FakePublisher(f.clock.now);
      const warnings: string[] = [];
      const logger = { info: () => undefined, warn: (_o: unknown, msg: string) => void warnings.push(msg), error: (_o: unknown, msg: string) => void warnings.push(msg) };
      const reviewer = new RefundReviewer({ db: f.db, publisher, creditor, logger });
      const requested = await f.service.request(ALICE, [await f.seedStamp(), await f.seedStamp()]);
      f.clock.advance(3 * DAY_MS);

      publisher.down = true;
      expect(await reviewer.reviewDue(f.clock.now())).toEqual({ approved: 0, rejected: 0, deferred: 2 });
      // The round stopped at the first unavailable answer rather than waiting on every request.
      expect(publisher.calls).toHaveLength(1);
      expect(warnings[0]).toContain('unavailable');
      expect((await f.db.query("SELECT COUNT(*) AS n FROM refund_requests WHERE status = 'requested'"))[0]).toEqual({ n: 2n });

      publisher.down = false;
      creditor.failNext = 1;
      expect(await reviewer.reviewDue(f.clock.now())).toEqual({ approved: 1, rejected: 0, deferred: 1 });
      expect(warnings.at(-1)).toContain('not credited');
      expect(await creditor.committed()).toHaveLength(1);

      // The next round publishes the failed one again (idempotent) and credits it.
      const task = new RefundReviewTask(reviewer, 60_000, f.clock.now);
      expect(await task.tick()).toEqual({ approved: 1, rejected: 0, deferred: 0 });
      await task.stop();
      expect((await creditor.committed()).map((c) => c.refund_id).sort()).toEqual(requested.map((r) => r.id).sort());
      expect(publisher.published.size).toBe(2);
    });
  });
});
