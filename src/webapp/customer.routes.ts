// The customer side of the browser app: the pages (sign-up, login, email verification, buy, account,
// print, history, API keys), the print preview's page stylesheet per layout, and the app's PDF route
// for printing an account's stamps on a chosen layout. The pages call the public API (/v1/...) from
// the browser with the session cookie; only printing is done here, with src/print.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { SESSION_COOKIE, readCookie } from '../accounts/cookies.js';
import { principalOf } from '../accounts/principal.js';
import type { ActiveSession } from '../accounts/session.service.js';
import { isAppError } from '../errors/app-error.js';
import { HTTP_STATUS } from '../errors/http-status.js';
import { LAYOUTS, layoutNames, resolveLayout } from '../print/index.js';
import type { WebServices } from '../web/web-services.js';
import { CustomerPrintService, type PrintRequest } from './customer-print.service.js';
import { printPageCss, sheetPicture } from './customer-print.js';
import { CUSTOMER_PAGES, renderCustomerPage, renderPrintMain, type CustomerPage } from './customer-pages.html.js';
import { escapeHtml } from './html.js';

/** What the customer pages are built from. */
export interface CustomerRoutesDeps {
  /** Sessions (pages), the authenticating preHandler (PDF), the database and media (printing). */
  readonly web: Pick<WebServices, 'customers' | 'authenticate' | 'db' | 'media'>;
  readonly vendorName: string;
  /** Headers every page and asset carries (the CSP and friends of webapp.routes.ts). */
  readonly pageHeaders: Readonly<Record<string, string>>;
}

/** Where the print preview's stylesheet of a layout is served. */
export const PRINT_CSS_PATH = '/app/print-css';
/** The app's PDF route. */
export const PRINT_PDF_PATH = '/app/v1/print.pdf';

const pageSchema = (summary: string, querystring?: object): FastifySchema =>
  ({
    summary,
    tags: ['web app'],
    ...(querystring === undefined ? {} : { querystring }),
    response: { 200: { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
  }) as FastifySchema;

const printQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stampId: { type: 'string', minLength: 1, maxLength: 100, description: 'One stamp of your account' },
    purchaseId: { type: 'string', minLength: 1, maxLength: 100, description: 'Every stamp of one of your purchases' },
    layout: { type: 'string', maxLength: 40, description: 'A print layout: single-label, address-30up, stamp-sheet, thermal-4x6 or envelope-10; the medium’s own for stamps bought for one, single-label otherwise' },
    startSlot: { type: 'string', pattern: '^[0-9]{0,3}$', description: 'Plain paper on a sheet: the first slot to use (1 = top left); empty or absent for the first' },
  },
} as const;

/** The query of the print page and PDF route, read into a PrintRequest. */
function printRequestOf(query: { stampId?: string; purchaseId?: string; layout?: string; startSlot?: string }): PrintRequest {
  return {
    ...(query.stampId === undefined ? {} : { stampId: query.stampId }),
    ...(query.purchaseId === undefined ? {} : { purchaseId: query.purchaseId }),
    ...(query.layout === undefined || query.layout === '' ? {} : { layout: query.layout }),
    ...(query.startSlot === undefined || query.startSlot === '' ? {} : { startSlot: Number(query.startSlot) }),
  };
}

/** A same-site path to return to after logging in; anything else becomes the buy page. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/[A-Za-z0-9/_\-.?=&%]*$/.test(next) && !next.startsWith('//') ? next : CUSTOMER_PAGES.buy.path;
}

/** Registers the customer pages, the print stylesheets and the print PDF route. */
export function registerCustomerRoutes(app: FastifyInstance, deps: CustomerRoutesDeps): void {
  const { web, vendorName } = deps;
  const printing = new CustomerPrintService(web.db, web.media);
  const layoutsJson = JSON.stringify(Object.fromEntries(Object.values(LAYOUTS).map((l) => [l.name, sheetPicture(l)])));

  const html = (reply: FastifyReply, body: string, status = 200): FastifyReply =>
    // Pages carry the session's CSRF token: never cached, never stored.
    reply.headers(deps.pageHeaders).code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  // The page's session, or null (no cookie, ended or unknown): pages then send the visitor to log in.
  const sessionOfPage = async (request: FastifyRequest): Promise<ActiveSession | null> => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token === undefined || token === '') return null;
    try {
      return await web.customers.sessions.resolve(token);
    } catch (e) {
      if (isAppError(e)) return null;
      throw e;
    }
  };

  const toLogin = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
    reply.redirect(`${CUSTOMER_PAGES.login.path}?next=${encodeURIComponent(request.url)}`, 303);

  app.get('/', { schema: pageSchema('The web app: the buy page, or the login page without a session') }, async (request, reply) =>
    reply.redirect((await sessionOfPage(request)) === null ? CUSTOMER_PAGES.login.path : CUSTOMER_PAGES.buy.path, 303),
  );

  const simplePages: CustomerPage[] = ['login', 'signup', 'verifyEmail', 'buy', 'account', 'history', 'keys'];
  for (const page of simplePages) {
    const meta = CUSTOMER_PAGES[page];
    const query = page === 'login' ? { type: 'object', properties: { next: { type: 'string', maxLength: 500 } } } : page === 'verifyEmail' ? { type: 'object', properties: { token: { type: 'string', maxLength: 200 } } } : undefined;
    app.get(meta.path, { schema: pageSchema(`The web app: ${meta.title.toLowerCase()}`, query) }, async (request, reply) => {
      const session = await sessionOfPage(request);
      if (meta.session && session === null) return toLogin(request, reply);
      // A signed-in customer has nothing to do on the login and sign-up pages.
      if ((page === 'login' || page === 'signup') && session !== null) return reply.redirect(safeNext((request.query as { next?: string }).next), 303);
      const body = renderCustomerPage(page, {
        vendorName,
        ...(session === null ? {} : { csrfToken: session.csrfToken }),
        newKey: randomUUID,
        next: safeNext((request.query as { next?: string } | undefined)?.next),
        layoutsJson,
      });
      return html(reply, body);
    });
  }

  app.get<{ Params: { name: string } }>(
    `${PRINT_CSS_PATH}/:name`,
    {
      schema: {
        summary: 'The print preview’s page stylesheet of a layout (@page size and sheet size)',
        tags: ['web app'],
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 60 } } },
      } as FastifySchema,
    },
    async (request, reply) => {
      const name = request.params.name.replace(/\.css$/, '');
      const css = printPageCss(resolveLayout(name));
      return reply.headers(deps.pageHeaders).type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(css);
    },
  );

  app.get('/print', { schema: pageSchema('The web app: print preview at true size, with Print and Download PDF', printQuery) }, async (request, reply) => {
    const session = await sessionOfPage(request);
    if (session === null) return toLogin(request, reply);
    const query = request.query as Record<string, string | undefined>;
    const want = printRequestOf(query);
    const ctx = { vendorName, csrfToken: session.csrfToken, newKey: randomUUID };
    try {
      const preview = await printing.preview(session.accountId, want);
      const params = new URLSearchParams();
      if (want.stampId !== undefined) params.set('stampId', want.stampId);
      if (want.purchaseId !== undefined) params.set('purchaseId', want.purchaseId);
      params.set('layout', preview.layout.name);
      if (want.startSlot !== undefined) params.set('startSlot', String(want.startSlot));
      const main = renderPrintMain({
        sheets: preview.sheets,
        layoutNames: layoutNames(),
        layout: preview.layout.name,
        layoutDescription: preview.layout.description,
        startSlot: want.startSlot ?? null,
        registered: preview.registered,
        query: { ...(want.stampId === undefined ? {} : { stampId: want.stampId }), ...(want.purchaseId === undefined ? {} : { purchaseId: want.purchaseId }) },
        pdfHref: `${PRINT_PDF_PATH}?${params.toString()}`,
        stamps: preview.stamps,
      });
      return html(reply, renderCustomerPage('print', ctx, main, [`${PRINT_CSS_PATH}/${encodeURIComponent(preview.layout.name)}.css`]));
    } catch (e) {
      if (!isAppError(e)) throw e;
      // The page shows the catalogued error; the customer picks another layout or goes back.
      const main = `      <div class="error" role="alert"><p>${escapeHtml(e.message)}</p><p class="code">Error code: <code>${escapeHtml(e.code)}</code></p></div>
      <p><a href="${CUSTOMER_PAGES.history.path}">Back to your orders</a></p>`;
      return html(reply, renderCustomerPage('print', ctx, main), HTTP_STATUS[e.kind]);
    }
  });

  app.get(
    PRINT_PDF_PATH,
    {
      onRequest: web.authenticate,
      schema: {
        summary: 'Your stamps as a PDF on a print layout',
        description:
          'One stamp (stampId) or every stamp of a purchase (purchaseId) of your account, composed by the print layouts: stamps bought for a ' +
          'label or sheet at their own slot of that medium’s layout, plain-paper stamps from startSlot. Print at 100 %.',
        tags: ['web app'],
        security: [{ apiKey: [] }],
        querystring: printQuery,
        response: { 200: { description: 'PDF document', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 404: { $ref: 'Error#' } },
      } as FastifySchema,
    },
    async (request, reply) => {
      const want = printRequestOf(request.query as Record<string, string | undefined>);
      const { pdf, fileName } = await printing.pdf(principalOf(request).accountId, want);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(pdf));
    },
  );
}

