// GET /v1/media and GET /v1/media/{serial} through Fastify, with a stand-in for the authenticating
// preHandler: the caller's account comes from the x-test-account header.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { setPrincipal } from '../../src/accounts/principal.js';
import { formatMediumSerial } from '../../src/core/media-serial.js';
import { AppError } from '../../src/errors/app-error.js';
import { registerErrorHandler } from '../../src/http/error-handler.js';
import { registerMediaRoutes } from '../../src/media/media.routes.js';
import { MediaService } from '../../src/media/media.service.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { buildOpenApiDocument, collectRoutes } from '../../src/web/openapi.js';
import { errorSchema } from '../../src/web/schemas.js';
import { forEachDialect, type OpenTestDatabase } from '../helpers/dialects.js';

interface Harness {
  app: FastifyInstance;
  media: MediaService;
  db: Awaited<ReturnType<OpenTestDatabase>>;
  openApi: () => object;
}

async function harness(open: OpenTestDatabase): Promise<Harness> {
  const db = await open({ migrations: WEB_MIGRATIONS });
  const media = new MediaService(db, { nowMs: () => Date.UTC(2026, 10, 24) });
  // The same Ajv settings as the web app: no coercion, no removal of unknown fields.
  const app = Fastify({ ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allowUnionTypes: true } } });
  registerErrorHandler(app);
  app.addSchema(errorSchema);
  const routes = collectRoutes(app);
  const authenticate = async (request: FastifyRequest) => {
    const accountId = request.headers['x-test-account'];
    if (typeof accountId !== 'string') throw new AppError('API_KEY_MISSING');
    setPrincipal(request, { accountId, userId: `${accountId}-user`, role: 'member', credentialId: `${accountId}-key`, via: 'api_key' });
  };
  registerMediaRoutes(app, { media, authenticate });
  await app.ready();
  return { app, media, db, openApi: () => buildOpenApiDocument(routes, [errorSchema], 'test') };
}

forEachDialect((_dialect, open) => {
  describe('media routes', () => {
    it('GET /v1/media lists the caller account media only, with counts and links, filtered', async () => {
      const { app, media, db } = await harness(open);
      const sheets = (await media.issue({ accountId: 'acct-a', layout: 'address-30up', count: 2 })).media;
      await media.issue({ accountId: 'acct-a', layout: 'single-label', count: 1 });
      await media.issue({ accountId: 'acct-b', layout: 'stamp-sheet', count: 3 });
      await db.transaction(async (tx) => {
        await media.reserveInTx(tx, 'p1', 'acct-a', [{ itemIndex: 0, serial: sheets[0]!.serial, slot: 1 }]);
        await media.confirmInTx(tx, 'p1', ['stamp-1']);
      });

      const res = await app.inject({ url: '/v1/media', headers: { 'x-test-account': 'acct-a' } });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { media: Record<string, unknown>[]; nextCursor: string | null };
      expect(body.media).toHaveLength(3);
      expect(body.nextCursor).toBeNull();
      const printed = formatMediumSerial(sheets[0]!.serial);
      expect(body.media.find((m) => m.serial === printed)).toEqual({
        serial: printed,
        kind: 'sheet',
        layout: 'address-30up',
        slotCount: 30,
        usedSlots: 1,
        reservedSlots: 0,
        freeSlots: 29,
        issuedAt: '2026-11-24T00:00:00.000Z',
        voided: false,
        voidedAt: null,
        voidReason: null,
        links: { self: `/v1/media/${printed}` },
      });

      const labels = await app.inject({ url: '/v1/media?layout=single-label&hasFreeSlots=true', headers: { 'x-test-account': 'acct-a' } });
      expect((labels.json() as { media: { layout: string }[] }).media.map((m) => m.layout)).toEqual(['single-label']);
      const paged = await app.inject({ url: '/v1/media?limit=2', headers: { 'x-test-account': 'acct-a' } });
      const page = paged.json() as { media: unknown[]; nextCursor: string };
      expect(page.media).toHaveLength(2);
      const rest = await app.inject({ url: `/v1/media?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`, headers: { 'x-test-account': 'acct-a' } });
      expect((rest.json() as { media: unknown[]; nextCursor: null }).media).toHaveLength(1);

      const b = await app.inject({ url: '/v1/media', headers: { 'x-test-account': 'acct-b' } });
      expect((b.json() as { media: { layout: string }[] }).media.map((m) => m.layout)).toEqual(['stamp-sheet', 'stamp-sheet', 'stamp-sheet']);
      const none = await app.inject({ url: '/v1/media', headers: { 'x-test-account': 'acct-c' } });
      expect(none.json()).toEqual({ media: [], nextCursor: null });
    });

    it('documents both routes in the OpenAPI document, tagged media, with their summaries', async () => {
      const { openApi } = await harness(open);
      const doc = openApi() as { paths: Record<string, Record<string, { summary: string; tags: string[]; responses: Record<string, unknown> }>> };
      expect(doc.paths['/v1/media']?.get).toMatchObject({ summary: 'List your labels and sheets', tags: ['media'] });
      expect(doc.paths['/v1/media/{serial}']?.get).toMatchObject({ summary: 'Get one of your labels or sheets with its slots', tags: ['media'] });
      expect(Object.keys(doc.paths['/v1/media/{serial}']!.get!.responses)).toContain('404');
    });

    it('refuses bad filters with catalogued 400s and an unauthenticated call with 401', async () => {
      const { app } = await harness(open);
      const h = { 'x-test-account': 'acct-a' };
      expect((await app.inject({ url: '/v1/media?hasFreeSlots=yes', headers: h })).json()).toMatchObject({ statusCode: 400, code: 'INVALID_ARGUMENT' });
      expect((await app.inject({ url: '/v1/media?limit=0', headers: h })).json()).toMatchObject({ statusCode: 400, code: 'INVALID_ARGUMENT' });
      expect((await app.inject({ url: '/v1/media?layout=envelope-10', headers: h })).json()).toMatchObject({ statusCode: 400, code: 'MEDIA_LAYOUT_UNKNOWN' });
      expect((await app.inject({ url: '/v1/media?cursor=x', headers: h })).json()).toMatchObject({ statusCode: 400, code: 'MEDIA_LIST_CURSOR_INVALID' });
      expect((await app.inject({ url: '/v1/media' })).statusCode).toBe(401);
    });

    it('GET /v1/media/{serial} gives every slot with its number, state and stamp; another account gets 404', async () => {
      const { app, media, db } = await harness(open);
      const [sheet] = (await media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count: 1 })).media;
      const serial = sheet!.serial;
      await db.transaction(async (tx) => {
        await media.reserveInTx(tx, 'p1', 'acct-a', [{ itemIndex: 0, serial, slot: 1 }]);
        await media.confirmInTx(tx, 'p1', ['stamp-1']);
        await media.reserveInTx(tx, 'p2', 'acct-a', [{ itemIndex: 0, serial, slot: 2 }]);
      });
      const printed = formatMediumSerial(serial);
      const res = await app.inject({ url: `/v1/media/${printed}`, headers: { 'x-test-account': 'acct-a' } });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { serial: string; freeSlots: number; slots: { slot: number; state: string; stampId: string | null }[] };
      expect(body).toMatchObject({ serial: printed, kind: 'sheet', layout: 'stamp-sheet', usedSlots: 1, reservedSlots: 1, freeSlots: 18 });
      expect(body.slots).toHaveLength(20);
      expect(body.slots.slice(0, 3)).toEqual([
        { slot: 1, state: 'used', stampId: 'stamp-1', purchaseId: 'p1' },
        { slot: 2, state: 'reserved', stampId: null, purchaseId: 'p2' },
        { slot: 3, state: 'free', stampId: null, purchaseId: null },
      ]);
      // Without hyphens too.
      expect((await app.inject({ url: `/v1/media/${printed.replace(/-/g, '')}`, headers: { 'x-test-account': 'acct-a' } })).statusCode).toBe(200);

      const other = await app.inject({ url: `/v1/media/${printed}`, headers: { 'x-test-account': 'acct-b' } });
      const unknown = await app.inject({ url: `/v1/media/${formatMediumSerial(serial === 1n ? 2n : 1n)}`, headers: { 'x-test-account': 'acct-a' } });
      expect(other.json()).toMatchObject({ statusCode: 404, code: 'MEDIUM_UNKNOWN' });
      expect(unknown.json()).toMatchObject({ statusCode: 404, code: 'MEDIUM_UNKNOWN' });
      const wrong = `${printed.slice(0, -1)}${(Number(printed.slice(-1)) + 1) % 10}`;
      expect((await app.inject({ url: `/v1/media/${wrong}`, headers: { 'x-test-account': 'acct-a' } })).json()).toMatchObject({
        statusCode: 400,
        code: 'MEDIUM_SERIAL_CHECK_DIGIT',
        details: { field: 'serial' },
      });
    });
  });
});
