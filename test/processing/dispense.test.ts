// The dispense and lookup routes over a real ledger, a real authority and the spec §8 verifier, on
// SQLite and PostgreSQL.
import { describe, expect, it, vi } from 'vitest';
import { decodeIndicium, decodeSignedPart } from '../../src/core/indicium/codec.js';
import type { CryptoModule } from '../../src/crypto/crypto-module.js';
import type { DispensedStamp, DispenseResponse, LookupResponse } from '../../src/internal-api/dispense-contract.js';
import { forEachDialect } from '../helpers/dialects.js';
import { dispense, dispenseItem, internal, LICENSE, openProcessingWorld, SERVER_ID, verifyStamps } from './processing-world.js';

forEachDialect((_dialect, open) => {
  describe('POST /internal/v1/dispense', () => {
    it('dispenses every item of a purchase with indicia the verifier accepts', async () => {
      const world = await openProcessingWorld(open, { psds: 2 });
      await world.ledger.resetPsd(world.psds[0]!.psd.psdId, 100_000n);
      await world.ledger.resetPsd(world.psds[1]!.psd.psdId, 100_000n);
      const items = [
        dispenseItem({ postage: '740', rateCategory: 1 }),
        dispenseItem({ postage: '1500', rateCategory: 2, destinationZip: 0 }),
        dispenseItem({ postage: '63', medium: ((123456789012n << 8n) | 3n).toString() }),
      ];
      const res = await dispense(world.app, items, 'purchase-1');
      expect(res.statusCode).toBe(200);
      const body = res.json<DispenseResponse>();
      expect(body.serverId).toBe(SERVER_ID);
      expect(body.stamps.map((s) => s.requestId)).toEqual(items.map((i) => i.requestId));
      body.stamps.forEach((stamp, i) => {
        const item = items[i]!;
        const f = decodeIndicium(Buffer.from(stamp.indicium, 'base64')).fields;
        expect(f.licenseNumber).toBe(LICENSE);
        expect([f.psdId, f.pieceCount]).toEqual([stamp.psdId, stamp.pieceCount]);
        expect(f.postage.toString()).toBe(item.postage);
        expect([f.rateCategory, f.dateOfMailing, f.originZip, f.destinationZip]).toEqual([item.rateCategory, item.dateOfMailing, item.originZip, item.destinationZip]);
        expect(f.medium.toString()).toBe(item.medium);
        expect(f.softwareId).toBe(1);
        expect(Number.isNaN(Date.parse(stamp.dispensedAt))).toBe(false);
      });
      const verdicts = await verifyStamps(world, body.stamps);
      expect(verdicts.map((v) => v.status)).toEqual(['valid', 'valid', 'valid']);
    });

    it('dispenses 200 concurrent single-stamp purchases in shared batches with gapless piece counts and a clean audit', async () => {
      const world = await openProcessingWorld(open, { psds: 3, batch: { maxBatchSize: 64, maxWaitMs: 2 } });
      for (const { psd } of world.psds) await world.ledger.resetPsd(psd.psdId, 1_000_000n);
      const batches = vi.spyOn(world.ledger, 'dispense');
      const items = Array.from({ length: 200 }, () => dispenseItem({ postage: '500' }));
      const responses = await Promise.all(items.map((item, i) => dispense(world.app, [item], `purchase-${i}`)));
      expect(responses.map((r) => r.statusCode)).toEqual(items.map(() => 200));
      const stamps = responses.map((r) => r.json<DispenseResponse>().stamps[0]!);
      expect(stamps.map((s) => s.requestId)).toEqual(items.map((i) => i.requestId));
      // Group commit: far fewer ledger transactions than purchases.
      expect(batches.mock.calls.length).toBeLessThan(items.length / 4);
      const byPsd = new Map<number, number[]>();
      for (const s of stamps) byPsd.set(s.psdId, [...(byPsd.get(s.psdId) ?? []), s.pieceCount]);
      for (const [psdId, counts] of byPsd) {
        const sorted = [...counts].sort((a, b) => a - b);
        expect(sorted).toEqual(sorted.map((_, i) => i + 1));
        expect((await world.ledger.getPsd(psdId)).registers.pieceCount).toBe(counts.length);
      }
      expect([...byPsd.values()].reduce((n, c) => n + c.length, 0)).toBe(200);
      const audit = await internal(world.app, 'GET', '/internal/v1/audit');
      expect(audit.statusCode).toBe(200);
      expect(audit.json().ok).toBe(true);
      const verdicts = await verifyStamps(world, stamps);
      expect(verdicts.filter((v) => v.status !== 'valid')).toEqual([]);
    });

    it('answers a repeated request id with the stored stamp and never dispenses a second one', async () => {
      const world = await openProcessingWorld(open);
      const psdId = world.psds[0]!.psd.psdId;
      await world.ledger.resetPsd(psdId, 10_000n);
      const item = dispenseItem();
      const first = await dispense(world.app, [item], 'purchase-a');
      expect(first.statusCode).toBe(200);
      const again = await dispense(world.app, [item], 'purchase-a');
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      // A retry racing another retry: both get the same stamp.
      const [r1, r2] = await Promise.all([dispense(world.app, [item], 'purchase-a'), dispense(world.app, [item], 'purchase-a')]);
      expect(r1!.json()).toEqual(first.json());
      expect(r2!.json()).toEqual(first.json());
      expect((await world.ledger.getPsd(psdId)).registers.pieceCount).toBe(1);
      const other = await dispense(world.app, [{ ...item, postage: '741' }], 'purchase-b');
      expect(other.statusCode).toBe(409);
      expect(other.json().code).toBe('DISPENSE_REQUEST_ID_REUSED');
      expect((await world.ledger.getPsd(psdId)).registers).toMatchObject({ pieceCount: 1, ascending: 740n });
    });

    it('refuses a purchase with one bad item whole, dispensing none of it', async () => {
      const world = await openProcessingWorld(open);
      await world.ledger.resetPsd(world.psds[0]!.psd.psdId, 10_000n);
      const good = dispenseItem();
      // Fits the schema (20 digits) but not the indicium's 8-byte medium field.
      const bad = dispenseItem({ medium: '18446744073709551616' });
      const res = await dispense(world.app, [good, bad]);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INDICIUM_FIELD_RANGE', details: { index: 1, requestId: bad.requestId } });
      const lookup = await internal(world.app, 'POST', '/internal/v1/lookup', { requestIds: [good.requestId, bad.requestId] });
      expect(lookup.json<LookupResponse>().stamps).toEqual([]);
      expect((await world.ledger.getPsd(world.psds[0]!.psd.psdId)).registers.pieceCount).toBe(0);
    });

    it('validates the body against the contract', async () => {
      const world = await openProcessingWorld(open);
      const cases: unknown[] = [
        { purchaseId: 'p', items: [] },
        { purchaseId: 'p', items: [{ ...dispenseItem(), postage: '0' }] },
        { purchaseId: 'p', items: [{ ...dispenseItem(), postage: '0740' }] },
        { purchaseId: 'p', items: [{ ...dispenseItem(), extra: 1 }] },
        { purchaseId: 'p', items: [{ ...dispenseItem(), requestId: 'has space' }] },
        { items: [dispenseItem()] },
      ];
      for (const payload of cases) {
        const res = await internal(world.app, 'POST', '/internal/v1/dispense', payload);
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('INVALID_ARGUMENT');
      }
      const twice = dispenseItem();
      const dup = await dispense(world.app, [twice, twice]);
      expect(dup.statusCode).toBe(400);
      expect(dup.json().code).toBe('INVALID_ARGUMENT');
    });

    it('fails only the purchase that breaks its batch, and dispenses the others', async () => {
      const POISON_ZIP = 999990000;
      const world = await openProcessingWorld(open, {
        psds: 2,
        batch: { maxBatchSize: 64, maxWaitMs: 20 },
        wrapCrypto: (crypto): CryptoModule => ({
          kind: crypto.kind,
          algorithms: crypto.algorithms,
          generateKeyPair: (algorithm, label) => crypto.generateKeyPair(algorithm, label),
          getKey: (keyId) => crypto.getKey(keyId),
          listKeys: () => crypto.listKeys(),
          close: () => crypto.close(),
          sign: async (keyId, data) => {
            if (decodeSignedPart(data).originZip === POISON_ZIP) throw new Error('the signing key failed');
            return crypto.sign(keyId, data);
          },
        }),
      });
      for (const { psd } of world.psds) await world.ledger.resetPsd(psd.psdId, 100_000n);
      const batches = vi.spyOn(world.ledger, 'dispense');
      const purchases = Array.from({ length: 6 }, (_, i) => [dispenseItem(), dispenseItem(i === 2 ? { originZip: POISON_ZIP } : {})]);
      const responses = await Promise.all(purchases.map((items, i) => dispense(world.app, items, `purchase-${i}`)));
      expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 500, 200, 200, 200]);
      expect(responses[2]!.json().code).toBe('INTERNAL');
      expect(batches.mock.calls[0]![0].length).toBe(12); // the six purchases did share one batch first
      const lookup = await internal(world.app, 'POST', '/internal/v1/lookup', { requestIds: purchases.flat().map((i) => i.requestId) });
      expect(lookup.json<LookupResponse>().stamps.map((s) => s.requestId).sort()).toEqual(
        purchases.filter((_, i) => i !== 2).flat().map((i) => i.requestId).sort(),
      );
      expect((await internal(world.app, 'GET', '/internal/v1/audit')).statusCode).toBe(200);
    });

    it('dispenses a purchase all or none: short funds inside a purchase refuse all of it and move no register', async () => {
      const world = await openProcessingWorld(open);
      const psdId = world.psds[0]!.psd.psdId;
      await world.ledger.resetPsd(psdId, 1_000n);
      const before = (await world.ledger.getPsd(psdId)).registers;
      const items = [dispenseItem({ postage: '400' }), dispenseItem({ postage: '400' }), dispenseItem({ postage: '400' })];
      const res = await dispense(world.app, items, 'purchase-short');
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().code).toBe('PSD_FUNDS_EXHAUSTED');
      const found = (await internal(world.app, 'POST', '/internal/v1/lookup', { requestIds: items.map((i) => i.requestId) })).json<LookupResponse>().stamps;
      expect(found).toEqual([]);
      expect((await world.ledger.getPsd(psdId)).registers).toEqual(before);
      await world.ledger.resetPsd(psdId, 1_000n);
      const retry = await dispense(world.app, items, 'purchase-short');
      expect(retry.statusCode).toBe(200);
      expect(retry.json<DispenseResponse>().stamps.map((s) => s.pieceCount)).toEqual([1, 2, 3]);
    });

    it('refuses every route without the right internal token', async () => {
      const world = await openProcessingWorld(open);
      await world.ledger.resetPsd(world.psds[0]!.psd.psdId, 10_000n);
      const item = dispenseItem();
      const routes: [('GET' | 'POST'), string, unknown][] = [
        ['POST', '/internal/v1/dispense', { purchaseId: 'p', items: [item] }],
        ['POST', '/internal/v1/lookup', { requestIds: [item.requestId] }],
        ['GET', '/internal/v1/health', undefined],
        ['GET', '/internal/v1/psds', undefined],
        ['POST', `/internal/v1/psds/${world.psds[0]!.psd.psdId}/withdraw`, undefined],
        ['GET', '/internal/v1/audit', undefined],
      ];
      for (const token of ['wrong-token-0123456789abcdef', null, '']) {
        for (const [method, url, payload] of routes) {
          const res = await internal(world.app, method, url, payload, token);
          expect(res.statusCode).toBe(401);
          expect(res.json().code).toBe('INTERNAL_TOKEN_INVALID');
        }
      }
      expect((await world.ledger.getPsd(world.psds[0]!.psd.psdId)).status).toBe('active');
      expect((await world.ledger.getPsd(world.psds[0]!.psd.psdId)).registers.pieceCount).toBe(0);
    });
  });

  describe('POST /internal/v1/lookup', () => {
    it('finds what this server dispensed and nothing else', async () => {
      const world = await openProcessingWorld(open);
      await world.ledger.resetPsd(world.psds[0]!.psd.psdId, 10_000n);
      const other = await world.addServer('ps-2');
      await other.ledger.resetPsd(other.psds[0]!.psd.psdId, 10_000n);
      const mine = [dispenseItem(), dispenseItem(), dispenseItem()];
      const dispensed = (await dispense(world.app, mine)).json<DispenseResponse>().stamps;
      const theirs = dispenseItem();
      expect((await dispense(other.app, [theirs])).statusCode).toBe(200);
      const refused = dispenseItem({ postage: '99999' });
      expect((await dispense(world.app, [refused])).statusCode).toBe(409);
      const asked = [mine[2]!.requestId, 'never-dispensed-1', theirs.requestId, mine[0]!.requestId, refused.requestId, mine[1]!.requestId];
      const res = await internal(world.app, 'POST', '/internal/v1/lookup', { requestIds: asked });
      expect(res.statusCode).toBe(200);
      const body = res.json<LookupResponse>();
      expect(body.serverId).toBe(SERVER_ID);
      const byId = new Map(dispensed.map((s): [string, DispensedStamp] => [s.requestId, s]));
      expect(body.stamps).toEqual([byId.get(mine[2]!.requestId), byId.get(mine[0]!.requestId), byId.get(mine[1]!.requestId)]);
      const empty = await internal(world.app, 'POST', '/internal/v1/lookup', { requestIds: [] });
      expect(empty.json()).toEqual({ serverId: SERVER_ID, stamps: [] });
    });
  });
});
