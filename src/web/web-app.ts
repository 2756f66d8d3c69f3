// The vendor's public web server, built without listening: main.ts listens, tests use app.inject().
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifySchema, type FastifyServerOptions } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { registerErrorHandler } from '../http/error-handler.js';
import { renderDocsPage } from './docs-page.js';
import { registerHealthRoutes } from './health.routes.js';
import { buildOpenApiDocument, collectRoutes } from './openapi.js';
import { errorSchema, stampSchema } from './schemas.js';
import { registerStampRoutes } from './stamps.routes.js';
import { registerAccountRoutes } from '../accounts/accounts.routes.js';
import { registerBillingRoutes } from '../billing/billing.routes.js';
import { registerMediaRoutes } from '../media/media.routes.js';
import { formatMediumSerial } from '../core/media-serial.js';
import { registerRefundRoutes } from '../refunds/refunds.routes.js';
import { registerHistoryRoutes } from '../history/history.routes.js';
import { registerQuoteRoutes } from '../rates/quote.routes.js';
import { readOperatorConfig } from '../webapp/operator-config.js';
import type { OperatorConfig } from '../webapp/operator-config.js';
import type { MediaIssuer } from '../webapp/media-issuer.js';
import { registerWebAppRoutes } from '../webapp/webapp.routes.js';
import { createWebServices, type WebServices, type WebServicesOptions } from './web-services.js';

/** What the app is built from: the services' options and Fastify's logger setting (off by default). */
export interface WebAppDeps extends Omit<WebServicesOptions, 'logger'> {
  readonly logger?: FastifyServerOptions['logger'];
  /** Log a line per request and response (off by default: at thousands of purchases a second it costs CPU). */
  readonly logRequests?: boolean;
  /** Reported in /openapi.json. */
  readonly version?: string;
  /** The operator console's settings; read from INDICIA_OPERATOR_TOKEN and friends by default (null: console off). */
  readonly operator?: OperatorConfig | null;
  /** Where the operator console issues media; the media registry by default (tests record the calls instead). */
  readonly mediaIssuer?: MediaIssuer;
  /** The vendor's name in the pages' header. */
  readonly vendorName?: string;
}

/** The Fastify instance with its services, for main.ts and tests. */
export type WebApp = FastifyInstance & { readonly web: WebServices };

/** Builds the web server; closing it stops the health checker and commits queued writes (the database stays open). */
export async function buildWebApp(deps: WebAppDeps): Promise<WebApp> {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new LogController({ disableRequestLogging: !deps.logRequests }),
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // No silent coercion (a boolean must not become postage of 1 mill) and no silent removal of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allowUnionTypes: true } },
    schemaErrorFormatter: (errors, dataVar) => {
      const first = errors[0];
      const params = (first?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
      const field = fieldPath(dataVar, first?.instancePath ?? '', params.missingProperty);
      const extra = params.additionalProperty === undefined ? '' : ` (${params.additionalProperty})`;
      return new AppError('INVALID_ARGUMENT', `${field} ${first?.message ?? 'is invalid'}${extra}`, { field });
    },
  });
  const web = createWebServices({ ...deps, logger: app.log });
  registerErrorHandler(app);
  app.addSchema(errorSchema);
  app.addSchema(stampSchema);
  const routes = collectRoutes(app);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    // Every 503 is worth retrying; say when (one health-check interval, when a server may be back).
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(Math.max(1, Math.ceil(deps.config.healthIntervalMs / 1000))));
    // While shutting down, answers to requests in flight close their keep-alive connection, so that
    // closing waits for the purchases in flight and not for idle connections to time out.
    if (closing) reply.header('connection', 'close');
  });
  registerStampRoutes(app, web);
  registerHealthRoutes(app, web);
  registerAccountRoutes(app, { accounts: web.customers.accounts, sessions: web.customers.sessions, apiKeys: web.apiKeys, authenticate: web.authenticate });
  registerBillingRoutes(app, { billing: web.billing, authenticate: web.authenticate });
  registerMediaRoutes(app, { media: web.media, authenticate: web.authenticate });
  registerRefundRoutes(app, { refunds: web.refunds.service, authenticate: web.authenticate });
  registerHistoryRoutes(app, { history: web.history, authenticate: web.authenticate, nowMs: deps.nowMs });
  registerQuoteRoutes(app, { nowMs: deps.nowMs });
  registerWebAppRoutes(app, {
    web,
    operator: deps.operator === undefined ? readOperatorConfig(process.env) : deps.operator,
    mediaIssuer: deps.mediaIssuer ?? {
      issue: async (request) => (await web.media.issue(request)).media.map((m) => ({ serial: formatMediumSerial(m.serial), slots: m.slotCount })),
    },
    ...(deps.vendorName === undefined ? {} : { vendorName: deps.vendorName }),
    ...(deps.nowMs === undefined ? {} : { nowMs: deps.nowMs }),
  });
  let document: object | undefined;
  const openApi = (): object => (document ??= buildOpenApiDocument(routes, [errorSchema, stampSchema], deps.version ?? '1'));
  app.get('/openapi.json', { schema: openApiRouteSchema }, async () => openApi());
  app.get('/docs', { schema: docsRouteSchema }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDocsPage(openApi() as Parameters<typeof renderDocsPage>[0])),
  );
  app.addHook('onClose', async () => web.close());
  app.decorate('web', web);
  return app as unknown as WebApp;
}

// Fastify keeps summary and tags beside the schemas; the OpenAPI document reads them.
const openApiRouteSchema = { summary: 'This API as an OpenAPI 3.1 document', tags: ['documentation'] } as FastifySchema;
const docsRouteSchema = { summary: 'This API as a web page, rendered from the OpenAPI document', tags: ['documentation'] } as FastifySchema;

/** `body` + `/stamps/0/postage` → `stamps[0].postage`, the way errors name fields. */
function fieldPath(dataVar: string, instancePath: string, missing: string | undefined): string {
  const parts = instancePath.split('/').filter((p) => p !== '');
  if (missing !== undefined) parts.push(missing);
  const path = parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return path === '' ? dataVar : dataVar === 'body' ? path : `${dataVar}.${path}`;
}
