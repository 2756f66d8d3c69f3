// Buying stamps through the public API against fake processing servers, on SQLite and PostgreSQL.
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeDataMatrixPng } from '../../src/barcode/datamatrix-decode.js';
import { decodeIndicium } from '../../src/core/indicium/codec.js';
import { formatMediumSerial, packMedium, parseMediumSerial } from '../../src/core/media-serial.js';
import { parseMailingDate } from '../../src/core/mailing-date.js';
import { signatureVerifies } from '../../src/verifier/rules.js';
import { forEachDialect } from '../helpers/dialects.js';
import { FAKE_PUBLIC_KEY_PEM } from './helpers/fake-processing-server.js';
import { TEST_LICENSE, buy, startHarness, stampRequest } from './helpers/web-harness.js';

interface StampJson {
  id: string;
  purchaseId: string;
  indicium: string;
  fields: Record<string, number | string>;
  humanReadable: string[];
  links: { self: string; png: string; svg: string };
}

const publicKey = createPublicKey(FAKE_PUBLIC_KEY_PEM);

forEachDialect((_dialect, open) => {
  describe('POST /v1/stamps', () => {
    it('buys one stamp: 201 with a signed indicium, its decoded fields, the human-readable lines and links', async () => {
      const h = await startHarness(open);
      const res = await buy(h, 'one-stamp', [stampRequest({ postageDollars: '0.85', postage: undefined, rateCategory: 'first-class-letter' })]);
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as { purchaseId: string; stamps: StampJson[] };
      expect(body.stamps).toHaveLength(1);
      const stamp = body.stamps[0]!;
      const bytes = Buffer.from(stamp.indicium, 'base64');
      expect(bytes).toHaveLength(117);
      const decoded = decodeIndicium(bytes);
      expect(signatureVerifies(1, decoded.signedPart, decoded.signature, publicKey)).toBe(true);
      expect(stamp.fields).toMatchObject({
        licenseNumber: TEST_LICENSE,
        postage: '850',
        dateOfMailing: parseMailingDate('2026-11-24'),
        originZip: 941070001,
        destinationZip: 0,
        rateCategory: 1,
        medium: '0',
        psdId: 101,
        pieceCount: 1,
        ascendingRegister: '850',
      });
      expect(stamp.humanReadable).toEqual(['$0.85', '2026-11-24', 'First-Class Mail letter', 'From ZIP 94107-0001', `License ${TEST_LICENSE}`, 'PSD 101']);
      expect(stamp.links).toEqual({ self: `/v1/stamps/${stamp.id}`, png: `/v1/stamps/${stamp.id}.png`, svg: `/v1/stamps/${stamp.id}.svg` });
      expect(stamp.purchaseId).toBe(body.purchaseId);
      expect(h.fakes[0]!.committed.has(stamp.id)).toBe(true);
    });

    it('buys many stamps in one purchase, all from one server, in the order asked, with medium and destination', async () => {
      const h = await startHarness(open);
      // A 30-up sheet the vendor issued to this account; every category at more than its 1-oz rate.
      const issued = await h.app.web.media.issue({ accountId: h.accountId, layout: 'address-30up', count: 1 });
      const serial = formatMediumSerial(issued.media[0]!.serial);
      const stamps = Array.from({ length: 25 }, (_, i) =>
        stampRequest({
          postage: String(60_000 + i),
          destinationZip: '10001',
          medium: { serial, slot: i + 1 },
          rateCategory: (i % 8) + 1,
          ...((i % 8) + 1 === 8 ? { destinationCountry: 'CA' } : {}),
        }),
      );
      const res = await buy(h, 'many', stamps);
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as { stamps: StampJson[] };
      expect(body.stamps.map((s) => s.fields.postage)).toEqual(stamps.map((s) => s.postage));
      expect(body.stamps.map((s) => s.fields.pieceCount)).toEqual(stamps.map((_, i) => i + 1));
      const serialNumber = parseMediumSerial(serial).serial;
      expect(body.stamps.map((s) => s.fields.medium)).toEqual(stamps.map((_, i) => packMedium(serialNumber, i + 1).toString()));
      expect(body.stamps.every((s) => s.fields.destinationZip === 100010000)).toBe(true);
      expect(h.fakes[0]!.dispensedCount).toBe(25);
    });

    it('buys the largest purchase, 1000 stamps, and lists them all', async () => {
      const h = await startHarness(open);
      const res = await buy(h, 'thousand', Array.from({ length: 1000 }, (_, i) => stampRequest({ postage: 1_000 + i })));
      expect(res.statusCode).toBe(201);
      const body = res.json() as { stamps: StampJson[] };
      expect(body.stamps.map((s) => Number(s.fields.postage))).toEqual(Array.from({ length: 1000 }, (_, i) => 1_000 + i));
      const rows = await h.db.query('SELECT COUNT(*) AS n FROM stamps');
      expect(Number(rows[0]!.n)).toBe(1000);
    });

    it('dates a stamp without dateOfMailing with the day of the purchase (UTC)', async () => {
      const h = await startHarness(open);
      const before = Math.floor(Date.now() / 86_400_000) - Math.floor(Date.UTC(2000, 0, 1) / 86_400_000);
      const res = await buy(h, 'today', [stampRequest({ dateOfMailing: undefined })]);
      const after = Math.floor(Date.now() / 86_400_000) - Math.floor(Date.UTC(2000, 0, 1) / 86_400_000);
      expect(res.statusCode, res.body).toBe(201);
      const day = (res.json() as { stamps: StampJson[] }).stamps[0]!.fields.dateOfMailing as number;
      expect(day === before || day === after).toBe(true);
    });
  });

  describe('reading stamps', () => {
    it('GET /v1/stamps/{id} gives the stamp exactly as the purchase answered it', async () => {
      const h = await startHarness(open);
      const bought = (await buy(h, 'read-one', [stampRequest()])).json() as { stamps: StampJson[] };
      const stamp = bought.stamps[0]!;
      const res = await h.app.inject({ url: stamp.links.self, headers: { authorization: h.auth } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(stamp);
    });

    it('GET /v1/stamps pages through the stamps newest first', async () => {
      const h = await startHarness(open);
      const ids: string[] = [];
      for (let p = 0; p < 3; p++) {
        const body = (await buy(h, `page-${p}`, [stampRequest({ postage: 1_000 + p }), stampRequest({ postage: 2_000 + p })])).json() as { stamps: StampJson[] };
        ids.push(...body.stamps.map((s) => s.id));
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/v1/stamps?limit=4${cursor === null ? '' : `&cursor=${cursor}`}`;
        const res = await h.app.inject({ url, headers: { authorization: h.auth } });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { stamps: StampJson[]; nextCursor: string | null };
        seen.push(...page.stamps.map((s) => s.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(pages).toBe(2);
      expect(seen).toEqual([...ids].reverse());
    });

    it('refuses a cursor it did not make with CURSOR_INVALID', async () => {
      const h = await startHarness(open);
      const res = await h.app.inject({ url: '/v1/stamps?cursor=not-a-cursor', headers: { authorization: h.auth } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('CURSOR_INVALID');
    });

    it('renders the stamp as a PNG whose Data Matrix holds the 117 bytes, and as an SVG', async () => {
      const h = await startHarness(open);
      const stamp = ((await buy(h, 'render', [stampRequest()])).json() as { stamps: StampJson[] }).stamps[0]!;
      const png = await h.app.inject({ url: `${stamp.links.png}?scale=4`, headers: { authorization: h.auth } });
      expect(png.statusCode).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      const symbols = decodeDataMatrixPng(png.rawPayload);
      expect(symbols).toHaveLength(1);
      expect(Buffer.from(symbols[0]!.bytes).toString('base64')).toBe(stamp.indicium);
      const svg = await h.app.inject({ url: stamp.links.svg, headers: { authorization: h.auth } });
      expect(svg.statusCode).toBe(200);
      expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(svg.body).toMatch(/^<svg [^>]*width="24mm"/);
    });
  });
});
