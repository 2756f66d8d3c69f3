// /openapi.json describes every public route with its schemas and the error shape; /docs renders it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDialect } from '../helpers/dialects.js';
import { startHarness, type WebHarness } from './helpers/web-harness.js';

interface Operation {
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
  security: unknown[];
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required?: string[] }>; securitySchemes: Record<string, unknown> };
}

// Public routes the document must list, as OpenAPI paths (it lists more: every /v1 route).
const PUBLIC_ROUTES = [
  'post /v1/signup',
  'post /v1/session',
  'get /v1/me',
  'get /v1/balance',
  'post /v1/topups',
  'get /v1/cards',
  'get /v1/media',
  'get /v1/rates/quote',
  'post /v1/refunds',
  'get /v1/orders',
  'get /v1/orders/{id}/receipt',
  'get /v1/stamps.csv',
  'post /v1/stamps',
  'get /v1/stamps',
  'get /v1/stamps/{id}',
  'get /v1/stamps/{id}.png',
  'get /v1/stamps/{id}.svg',
  'get /healthz',
  'get /readyz',
  'get /openapi.json',
  'get /docs',
];

// Routes anyone may call without a key or session: signing up and in, email links, and published rates.
const OPEN_ROUTES = ['post /v1/signup', 'post /v1/session', 'post /v1/email/verify', 'post /v1/invitations/accept', 'get /v1/rates/quote'];

forEachDialect((_dialect, open) => {
  describe('OpenAPI document', () => {
    let h: WebHarness;
    let doc: OpenApi;
    beforeAll(async () => {
      h = await startHarness(open);
      const res = await h.app.inject({ url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      doc = res.json() as OpenApi;
    });
    afterAll(() => h.close());

    it('lists every public route, and every listed operation is a route the server answers', () => {
      const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
      expect(listed).toEqual(expect.arrayContaining(PUBLIC_ROUTES));
      expect(listed.filter((r) => !r.includes(' /v1/') && !r.endsWith('healthz') && !r.endsWith('readyz') && !r.endsWith('openapi.json') && !r.endsWith('docs'))).toEqual([]);
      for (const entry of listed) {
        const [method, path] = entry.split(' ') as [string, string];
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        expect(h.app.hasRoute({ method: method.toUpperCase() as 'GET', url }), entry).toBe(true);
      }
    });

    it('documents the purchase body with the same schema the route validates with, and the Idempotency-Key header', () => {
      const op = doc.paths['/v1/stamps']!.post!;
      const body = op.requestBody!.content['application/json']!.schema as { properties: { stamps: { maxItems: number; items: { required: string[] } } } };
      expect(body.properties.stamps.maxItems).toBe(1000);
      expect(body.properties.stamps.items.required).toEqual(['rateCategory', 'originZip']);
      expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toContain('header:idempotency-key');
      expect(op.responses['201']!.content!['application/json']!.schema).toMatchObject({ properties: { stamps: { items: { $ref: '#/components/schemas/Stamp' } } } });
    });

    it('gives every authenticated operation the bearer scheme and the shared error shape for its errors', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.components.schemas.Error!.required).toEqual(['statusCode', 'code', 'error', 'message', 'requestId']);
      expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          if (!path.startsWith('/v1/')) continue;
          if (OPEN_ROUTES.includes(`${method} ${path}`)) {
            expect(op.security, `${method} ${path}`).toEqual([]);
            continue;
          }
          expect(op.security, `${method} ${path}`).toEqual([{ apiKey: [] }]);
          expect(op.responses['401']!.content!['application/json']!.schema, `${method} ${path}`).toEqual({ $ref: '#/components/schemas/Error' });
          expect(op.parameters.some((p) => p.name === 'authorization'), `${method} ${path}`).toBe(false);
        }
      }
      expect(doc.paths['/v1/stamps/{id}.png']!.get!.responses['200']!.content).toHaveProperty('image/png');
    });

    it('serves /docs as an HTML page naming every route', async () => {
      const res = await h.app.inject({ url: '/docs' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      for (const path of Object.keys(doc.paths)) expect(res.body).toContain(`<code>${path}</code>`);
    });
  });
});
