// Every field of a purchase is validated with a catalogued error that names the field, before anything
// is recorded or sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDialect } from '../helpers/dialects.js';
import { buy, startHarness, stampRequest, type WebHarness } from './helpers/web-harness.js';

// [what is wrong, the stamp (or body), the expected code, the field it names]
const BAD_STAMPS: ReadonlyArray<readonly [string, Record<string, unknown>, string, string]> = [
  ['postage under the rate', stampRequest({ postage: 809 }), 'POSTAGE_BELOW_RATE', 'stamps[0].postage'],
  ['a weight of zero', stampRequest({ weightOz: 0 }), 'WEIGHT_INVALID', 'stamps[0].weightOz'],
  ['a letter heavier than a letter may be', stampRequest({ weightOz: 4 }), 'WEIGHT_OVER_LIMIT', 'stamps[0]'],
  ['a zoned category without destination', stampRequest({ rateCategory: 'priority-mail', postage: 100_000 }), 'RATE_DESTINATION_REQUIRED', 'stamps[0]'],
  ['an international letter without country', stampRequest({ rateCategory: 8, postage: 100_000 }), 'RATE_COUNTRY_REQUIRED', 'stamps[0]'],
  ['both postage and postageDollars', stampRequest({ postageDollars: '0.74' }), 'STAMP_POSTAGE_FIELDS', 'stamps[0]'],
  ['postage as a float', stampRequest({ postage: 0.74 }), 'INVALID_ARGUMENT', 'stamps[0].postage'],
  ['postage as a boolean (never coerced to 1 mill)', stampRequest({ postage: true }), 'INVALID_ARGUMENT', 'stamps[0].postage'],
  ['postage with decimals in mills', stampRequest({ postage: '7.4' }), 'MONEY_INVALID', 'stamps[0].postage'],
  ['zero postage', stampRequest({ postage: 0 }), 'MONEY_OUT_OF_RANGE', 'stamps[0].postage'],
  ['postage past the 3-byte field', stampRequest({ postage: 16_777_216 }), 'MONEY_OUT_OF_RANGE', 'stamps[0].postage'],
  ['dollars with four decimals', stampRequest({ postage: undefined, postageDollars: '0.7401' }), 'MONEY_INVALID', 'stamps[0].postageDollars'],
  ['an unknown rate category code', stampRequest({ rateCategory: 9 }), 'RATE_CATEGORY_UNKNOWN', 'stamps[0].rateCategory'],
  ['an unknown rate category name', stampRequest({ rateCategory: 'carrier-pigeon' }), 'RATE_CATEGORY_UNKNOWN', 'stamps[0].rateCategory'],
  ['a malformed date', stampRequest({ dateOfMailing: '24/11/2026' }), 'DATE_INVALID', 'stamps[0].dateOfMailing'],
  ['a date that does not exist', stampRequest({ dateOfMailing: '2026-02-30' }), 'DATE_INVALID', 'stamps[0].dateOfMailing'],
  ['a date before 2000', stampRequest({ dateOfMailing: '1999-12-31' }), 'DATE_OUT_OF_RANGE', 'stamps[0].dateOfMailing'],
  ['a malformed origin ZIP', stampRequest({ originZip: '9410' }), 'ZIP_INVALID', 'stamps[0].originZip'],
  ['a missing origin ZIP', stampRequest({ originZip: undefined }), 'INVALID_ARGUMENT', 'stamps[0].originZip'],
  ['a malformed destination ZIP', stampRequest({ destinationZip: '1000' }), 'ZIP_INVALID', 'stamps[0].destinationZip'],
  ['a medium serial with a wrong check digit', stampRequest({ medium: { serial: '2026-1124-0001-7', slot: 1 } }), 'MEDIUM_SERIAL_CHECK_DIGIT', 'stamps[0].medium'],
  ['a malformed medium serial', stampRequest({ medium: { serial: '2026-1124', slot: 1 } }), 'MEDIUM_SERIAL_FORMAT', 'stamps[0].medium'],
  ['a slot past one byte', stampRequest({ medium: { serial: '2026-1124-0001-8', slot: 256 } }), 'MEDIUM_SLOT_INVALID', 'stamps[0].medium'],
  ['an unknown field', stampRequest({ postag: 740 }), 'INVALID_ARGUMENT', 'stamps[0]'],
];

forEachDialect((_dialect, open) => {
  describe('validation of POST /v1/stamps', () => {
    let h: WebHarness;
    // One harness for the block: these requests are all refused before anything is written.
    beforeAll(async () => {
      h = await startHarness(open);
    });
    afterAll(() => h.close());

    it('refuses a purchase without Idempotency-Key with 400 IDEMPOTENCY_KEY_MISSING', async () => {
      const res = await h.app.inject({ method: 'POST', url: '/v1/stamps', headers: { authorization: h.auth }, payload: { stamps: [stampRequest()] } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('IDEMPOTENCY_KEY_MISSING');
    });

    it('refuses an Idempotency-Key with spaces or over 255 characters with IDEMPOTENCY_KEY_INVALID', async () => {
      for (const key of ['has space', 'x'.repeat(256)]) {
        const res = await buy(h, key, [stampRequest()]);
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('IDEMPOTENCY_KEY_INVALID');
      }
    });

    it.each(BAD_STAMPS)('refuses %s', async (_what, stamp, code, field) => {
      const res = await buy(h, `bad-${code}-${field}`, [stampRequest(), stamp]);
      const at = field.replace('stamps[0]', 'stamps[1]');
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, code, details: { field: at } });
      expect(res.json().message).toContain(at);
    });

    it('refuses an empty purchase and one of more than 1000 stamps', async () => {
      for (const stamps of [[], Array.from({ length: 1001 }, () => stampRequest())]) {
        const res = await buy(h, `count-${stamps.length}`, stamps);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'stamps' } });
      }
    });

    it('refuses a body that is not JSON with REQUEST_INVALID', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/stamps',
        headers: { authorization: h.auth, 'idempotency-key': 'not-json', 'content-type': 'application/json' },
        payload: '{"stamps": [',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('REQUEST_INVALID');
    });

    it('records and sends nothing for refused requests', async () => {
      expect(h.fakes[0]!.dispenseCalls).toBe(0);
      expect(await h.db.query('SELECT id FROM purchases')).toEqual([]);
    });
  });
});
