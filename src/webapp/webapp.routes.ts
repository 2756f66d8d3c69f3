// The browser app of the web server: its stylesheet and scripts under /app/assets/, the operator
// console's pages under /operator and its JSON API under /operator/v1/. Everything is served by this
// server (no other hosts), under a strict Content-Security-Policy: scripts and styles from 'self' only.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { ERRORS } from '../errors/catalogue.js';
import { layoutNames } from '../print/layouts.js';
import { InternalHttpClient } from '../web/internal-http-client.js';
import type { WebServices } from '../web/web-services.js';
import { loadAppAssets } from './assets.js';
import { registerCustomerRoutes } from './customer.routes.js';
import { APP_ASSETS_PATH } from './layout.js';
import type { MediaIssuer } from './media-issuer.js';
import { registerOperatorApi } from './operator-api.routes.js';
import type { OperatorConfig } from './operator-config.js';
import { OperatorConsoleService } from './operator-console.service.js';
import { OperatorGuard } from './operator-guard.js';
import { OPERATOR_LOGIN_PATH, OPERATOR_PAGES, renderErrorPage, renderLoginPage, renderOperatorPage, type OperatorPage } from './operator-pages.html.js';
import { HttpAuthorityDepositClient, HttpProcessingOperatorClient, type AuthorityDepositPort, type ProcessingOperatorPort } from './operator-remote.js';
import { OperatorSessions } from './operator-session.js';

/** The vendor's name in the header when none is given. */
export const DEFAULT_VENDOR_NAME = 'Indicia Postage';

/** What the browser app is built from. */
export interface WebAppRoutesDeps {
  /**
   * The web server's services: the server registry and selector (servers page), the internal token (PSDs,
   * audit), and for the customer pages the sessions, the authenticating preHandler, the database and media.
   */
  readonly web: Pick<WebServices, 'registry' | 'selector' | 'config' | 'customers' | 'authenticate' | 'db' | 'media'>;
  /** The operator console's settings (readOperatorConfig(process.env)); null disables the console. */
  readonly operator: OperatorConfig | null;
  /** Where media are issued from (the media registry); absent or null: the media page says it is not connected. */
  readonly mediaIssuer?: MediaIssuer | null;
  /** Shown in every page's header. */
  readonly vendorName?: string;
  /** Replaces the calls to processing servers (tests); by default HTTP with the internal token. */
  readonly processing?: ProcessingOperatorPort;
  /** Replaces the call to the authority (tests); by default HTTP to operator.authorityUrl with the vendor token. */
  readonly authority?: AuthorityDepositPort | null;
  readonly nowMs?: () => number;
}

// Everything comes from this server: scripts, styles and requests to 'self' only, no inline code, no framing.
const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

const pageSchema = (summary: string): FastifySchema =>
  ({ summary, tags: ['web app'], response: { 200: { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } } } }) as FastifySchema;

/** Registers the app's assets, the customer pages and print routes, the operator pages and the operator API on `app`. */
export function registerWebAppRoutes(app: FastifyInstance, deps: WebAppRoutesDeps): void {
  const vendorName = deps.vendorName ?? DEFAULT_VENDOR_NAME;
  const nowMs = deps.nowMs ?? Date.now;
  const assets = loadAppAssets();
  const withHeaders = (reply: FastifyReply): FastifyReply => reply.headers(PAGE_HEADERS);
  const operator = deps.operator;
  let guard: OperatorGuard | null = null;
  let service: OperatorConsoleService | null = null;
  if (operator !== null) {
    guard = new OperatorGuard(new OperatorSessions(operator.token, operator.sessionMs), nowMs);
    let processing = deps.processing;
    if (processing === undefined) {
      const http = new InternalHttpClient(deps.web.config.internalToken);
      app.addHook('onClose', async () => http.close());
      processing = new HttpProcessingOperatorClient(http);
    }
    const authority =
      deps.authority !== undefined
        ? deps.authority
        : operator.authorityUrl !== null && operator.authorityToken !== null
          ? new HttpAuthorityDepositClient(operator.authorityUrl, operator.authorityToken)
          : null;
    service = new OperatorConsoleService({ registry: deps.web.registry, selector: deps.web.selector, processing, authority, media: deps.mediaIssuer ?? null });
  }

  app.get<{ Params: { name: string } }>(
    `${APP_ASSETS_PATH}/:name`,
    { schema: { summary: "The web app's stylesheet and scripts", tags: ['web app'], params: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } as FastifySchema },
    async (request, reply) => {
      const asset = assets.get(request.params.name);
      if (asset === undefined) throw new AppError('ROUTE_NOT_FOUND', `No file ${request.params.name} belongs to the web app`, { path: request.url });
      // Short caching: a new release's files reach browsers within five minutes.
      return withHeaders(reply).type(asset.contentType).header('cache-control', 'public, max-age=300').send(asset.body);
    },
  );

  const html = (reply: FastifyReply, body: string, status = 200): FastifyReply =>
    // Pages carry a session's CSRF token: never cached, never stored.
    withHeaders(reply).code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  const disabledPage = (reply: FastifyReply): FastifyReply => {
    const def = (ERRORS as Record<string, { message: string; fix: string }>).OPERATOR_CONSOLE_DISABLED;
    const message = def === undefined ? 'The operator console is not enabled on this web server.' : `${def.message}. ${def.fix}.`;
    return html(reply, renderErrorPage({ vendorName, code: 'OPERATOR_CONSOLE_DISABLED', message }), 404);
  };

  app.get(OPERATOR_LOGIN_PATH, { schema: pageSchema('The operator console: log in') }, async (request, reply) => {
    if (guard === null) return disabledPage(reply);
    if (guard.sessionOf(request) !== null) return reply.redirect(OPERATOR_PAGES.servers.path, 303);
    return html(reply, renderLoginPage({ vendorName, loginCsrfToken: guard.loginCsrfToken() }));
  });

  for (const [page, meta] of Object.entries(OPERATOR_PAGES) as [OperatorPage, (typeof OPERATOR_PAGES)[OperatorPage]][]) {
    app.get(meta.path, { schema: pageSchema(`The operator console: ${meta.title.toLowerCase()}`) }, async (request, reply) => {
      if (guard === null) return disabledPage(reply);
      const session = guard.sessionOf(request);
      if (session === null) return reply.redirect(OPERATOR_LOGIN_PATH, 303);
      const body = renderOperatorPage(page, { vendorName, csrfToken: guard.csrfTokenOf(session), layouts: layoutNames(), idempotencyKey: randomUUID() });
      return html(reply, body);
    });
  }

  registerOperatorApi(app, guard, service);
  registerCustomerRoutes(app, { web: deps.web, vendorName, pageHeaders: PAGE_HEADERS });
}
