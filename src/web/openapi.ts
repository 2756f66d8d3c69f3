// The OpenAPI 3.1 document of the public API, built from the routes as they are registered (their
// schemas are the ones Fastify validates and serializes with), so it lists exactly what the server does.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** What the document keeps of one registered route. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

/** Collects routes as they are registered; call before registering any route. */
export function collectRoutes(app: FastifyInstance): RouteEntry[] {
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      // HEAD routes are added by Fastify for every GET; the document lists the GET.
      if (method === 'HEAD') continue;
      // The browser app's pages and the operator console are not the public API.
      if (!isPublicApi(route.url)) continue;
      routes.push({ method: method.toLowerCase(), url: route.url, schema: (route.schema ?? {}) as Record<string, unknown> });
    }
  });
  return routes;
}

/** The public API: /v1, health and the documentation; not the browser pages (/app, /operator, …). */
function isPublicApi(url: string): boolean {
  return url.startsWith('/v1/') || ['/healthz', '/readyz', '/openapi.json', '/docs'].includes(url);
}

/** Builds the OpenAPI document from the collected routes and the shared schemas (those with an $id). */
export function buildOpenApiDocument(routes: readonly RouteEntry[], sharedSchemas: readonly { readonly $id: string }[], version: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  const schemas = Object.fromEntries(sharedSchemas.map(({ $id, ...rest }) => [$id, toOpenApi(rest)]));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Indicia postage vendor API',
      version,
      description: 'Buy digitally signed postage indicia and render them. Money is integer mills (1 mill = $0.001) or decimal strings.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key of your account: ik_ followed by 43 characters. A browser may instead send the indicia_session cookie from POST /v1/session, ' +
            'with X-CSRF-Token on POST, PUT, PATCH and DELETE.',
        },
      },
    },
  };
}

function operation(route: RouteEntry): Record<string, unknown> {
  const s = route.schema;
  const op: Record<string, unknown> = {
    operationId: `${route.method} ${route.url}`,
    summary: s.summary,
    description: s.description,
    tags: s.tags,
    // A route that can answer 401 needs a credential: the API key (a browser sends its session cookie instead).
    security: s.security ?? (hasResponse(s, '401') ? [{ apiKey: [] }] : []),
    parameters: [...parameters(s.params, 'path'), ...parameters(s.querystring, 'query'), ...parameters(s.headers, 'header')],
    responses: responses(s.response as Record<string, Record<string, unknown>> | undefined),
  };
  if (s.body !== undefined) op.requestBody = { required: true, content: { 'application/json': { schema: toOpenApi(s.body) } } };
  return op;
}

function parameters(schema: unknown, where: 'path' | 'query' | 'header'): object[] {
  const obj = schema as { properties?: Record<string, Record<string, unknown>>; required?: string[] } | undefined;
  return Object.entries(obj?.properties ?? {})
    // The Authorization header is the security scheme, not a parameter (OpenAPI ignores it as one).
    .filter(([name]) => !(where === 'header' && name === 'authorization'))
    .map(([name, prop]) => {
      const { description, ...rest } = prop;
      return { name, in: where, required: where === 'path' || (obj?.required ?? []).includes(name), description, schema: toOpenApi(rest) };
    });
}

function responses(response: Record<string, Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(response ?? {})) {
    const description = typeof schema.description === 'string' ? schema.description : (STATUS_CODES[Number(status)] ?? status);
    out[status] = schema.content !== undefined ? { description, content: toOpenApi(schema.content) } : { description, content: { 'application/json': { schema: toOpenApi(schema) } } };
  }
  return out;
}

/** Copies a Fastify schema, turning its `Name#` references into OpenAPI component references. */
function toOpenApi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toOpenApi);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? `#/components/schemas/${v.replace(/#$/, '')}` : toOpenApi(v)]),
  );
}

function hasResponse(schema: Record<string, unknown>, status: string): boolean {
  const responses = schema.response as Record<string, unknown> | undefined;
  return responses !== undefined && status in responses;
}
