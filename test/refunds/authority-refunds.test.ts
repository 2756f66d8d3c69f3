// Refunds against a REAL postal authority app over HTTP: a stamp signed by a PSD registered at the
// authority is requested, reviewed and approved through AuthorityRefundPublisher, after which the
// authority's public verification says it was refunded (not valid). A stamp the authority scanned
// first is rejected with STAMP_USED. On SQLite and PostgreSQL (one database for each server).
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AuthorityRefundPublisher } from '../../src/refunds/authority-refund-publisher.js';
import { RefundReviewer } from '../../src/refunds/refund-reviewer.js';
import { createRefunds } from '../../src/refunds/refunds.js';
import { forEachDialect } from '../helpers/dialects.js';
import { VENDOR_TOKEN } from '../authority/authority-fixture.js';
import { dispensed, registerPsd, scanHex, scanningFixture } from '../authority/scanning/scanning-fixture.js';
import { ALICE, DAY_MS, TableCreditor, refundFixture } from './refund-fixture.js';

forEachDialect((_dialect, open) => {
  describe('refunds published to a real postal authority', () => {
    it('approved: credited, and the authority then verifies the stamp as refunded; scanned first: rejected STAMP_USED', async () => {
      const authority = await scanningFixture(open);
      const psd = await registerPsd(authority);
      const address = await authority.app.listen({ host: '127.0.0.1', port: 0 });
      onTestFinished(() => authority.app.close());
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const web = await refundFixture(open);
      const creditor = await TableCreditor.create(web.db);
      const unusedBytes = dispensed(psd, authority.clock, { pieceCount: 5 });
      const usedBytes = dispensed(psd, authority.clock, { pieceCount: 6 });
      const unused = await web.seedStamp({ psdId: psd.psdId, pieceCount: 5, indicium: unusedBytes, postageMills: 740n });
      const used = await web.seedStamp({ psdId: psd.psdId, pieceCount: 6, indicium: usedBytes, postageMills: 740n });
      // Piece 6 goes through the mail: the authority scans it, valid, before any refund.
      expect(await scanHex(authority, usedBytes)).toMatchObject({ status: 'valid', valid: true });

      const verify = async (bytes: Buffer) => {
        const res = await authority.app.inject({ method: 'POST', url: '/v1/verify', payload: { indicium: bytes.toString('hex') } });
        expect(res.statusCode, res.body).toBe(200);
        return (res.json() as { results: { status: string; valid: boolean; rule?: number; refundedAt: string | null }[] }).results[0]!;
      };
      expect(await verify(unusedBytes)).toMatchObject({ status: 'valid', valid: true, refundedAt: null });

      const create = await web.as(ALICE, 'POST', '/v1/refunds', { stampIds: [unused, used] });
      expect(create.statusCode, create.body).toBe(201);
      const [unusedRefund, usedRefund] = (create.json() as { refunds: { id: string }[] }).refunds;

      const publisher = new AuthorityRefundPublisher({ baseUrl: address, token: VENDOR_TOKEN, timeoutMs: 5000 });
      const reviewer = new RefundReviewer({ db: web.db, publisher, creditor });
      web.clock.advance(3 * DAY_MS);
      expect(await reviewer.reviewDue(web.clock.now())).toEqual({ approved: 1, rejected: 1, deferred: 0 });

      expect((await web.as(ALICE, 'GET', `/v1/refunds/${unusedRefund!.id}`)).json()).toMatchObject({
        status: 'approved',
        // The authority's own record of when it learned of the refund (its clock stands at START).
        publishedAt: authority.clock.now().toISOString(),
      });
      expect((await web.as(ALICE, 'GET', `/v1/refunds/${usedRefund!.id}`)).json()).toMatchObject({ status: 'rejected', reasonCode: 'STAMP_USED', creditedAt: null });
      expect((await creditor.committed()).map((c) => [c.stamp_id, c.amount_mills])).toEqual([[unused, 740n]]);

      // The authority now refuses the refunded stamp: public verification and a scan both say refunded (rule 6).
      expect(await verify(unusedBytes)).toMatchObject({ status: 'refunded', valid: false, rule: 6, refundedAt: authority.clock.now().toISOString() });
      expect(await scanHex(authority, unusedBytes)).toMatchObject({ status: 'refunded', valid: false, rule: 6 });
      const published = await authority.db.query('SELECT psd_id, piece_count FROM authority_refunds ORDER BY piece_count');
      expect(published).toEqual([
        { psd_id: BigInt(psd.psdId), piece_count: 5n },
        { psd_id: BigInt(psd.psdId), piece_count: 6n },
      ]);
    });

    it('an authority that does not answer leaves the request requested', async () => {
      const web = await refundFixture(open);
      const creditor = await TableCreditor.create(web.db);
      const [refund] = await web.service.request(ALICE, [await web.seedStamp()]);
      // A port nobody listens on: bind one, note it, close it.
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const publisher = new AuthorityRefundPublisher({ baseUrl: `http://127.0.0.1:${port}`, token: VENDOR_TOKEN, timeoutMs: 2000 });
      web.clock.advance(3 * DAY_MS);
      expect(await new RefundReviewer({ db: web.db, publisher, creditor }).reviewDue(web.clock.now())).toEqual({ approved: 0, rejected: 0, deferred: 1 });
      expect((await web.service.get(ALICE.accountId, refund!.id)).status).toBe('requested');
      expect(await creditor.committed()).toEqual([]);
    });
  });
});

forEachDialect((_dialect, open) => {
  describe('createRefunds (the assembled part)', () => {
    it('with an authority, its timer reviews due requests; without one, requests stay requested', async () => {
      const authority = await scanningFixture(open);
      const psd = await registerPsd(authority);
      const address = await authority.app.listen({ host: '127.0.0.1', port: 0 });
      onTestFinished(() => authority.app.close());
      const web = await refundFixture(open);
      const creditor = await TableCreditor.create(web.db);
      const stampId = await web.seedStamp({ psdId: psd.psdId, pieceCount: 1, indicium: dispensed(psd, authority.clock, { pieceCount: 1 }) });

      const warnings: string[] = [];
      const logger = { info: () => undefined, warn: (_o: unknown, m: string) => void warnings.push(m), error: (_o: unknown, m: string) => void warnings.push(m) };
      const offline = createRefunds({ db: web.db, creditor, authority: null, reviewIntervalMs: 20, clock: web.clock.now, logger });
      expect(offline.reviewer).toBeNull();
      offline.start();
      await offline.stop();
      expect(warnings).toEqual(['no postal authority is configured: refund requests stay requested until one is']);

      const refunds = createRefunds({ db: web.db, creditor, authority: { url: address, token: VENDOR_TOKEN }, reviewIntervalMs: 20, clock: web.clock.now, logger });
      const [refund] = await refunds.service.request(ALICE, [stampId]);
      web.clock.advance(3 * DAY_MS);
      refunds.start();
      await expect.poll(async () => (await refunds.service.get(ALICE.accountId, refund!.id)).status, { timeout: 5000 }).toBe('approved');
      await refunds.stop();
      expect(await creditor.committed()).toHaveLength(1);
    });
  });
});
