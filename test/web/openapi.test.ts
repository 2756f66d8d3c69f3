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

// The public routes the brief asks for, as OpenAPI paths.
const PUBLIC_ROUTES = [
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
      expect(listed.sort()).toEqual([...PUBLIC_ROUTES].sort());
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
