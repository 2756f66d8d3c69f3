// The operator console's JSON API under /operator/v1/: what the console's pages call, usable by programs
// too (log in with POST /operator/v1/session, then send the cookie and the X-CSRF-Token it returns).
// HTTP and validation only; OperatorConsoleService does the work.
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { OnceCache } from './once-cache.js';
import type { IssuedMedium } from './media-issuer.js';
import type { OperatorConsoleService } from './operator-console.service.js';
import { CSRF_HEADER, type OperatorGuard } from './operator-guard.js';
import { webappError } from './webapp-error.js';

/** The API's base path. */
export const OPERATOR_API = '/operator/v1';

const tags = ['operator'];
const security: unknown[] = [];
const err = { $ref: 'Error#' } as const;
const errors = { 400: err, 401: err, 403: err, 404: err };
const csrfHeaders = {
  type: 'object',
  properties: { [CSRF_HEADER]: { type: 'string', description: 'The CSRF token of the operator session (of the login page when logging in)' } },
} as const;

const serverSchema = {
  type: 'object',
  required: ['id', 'name', 'url', 'state', 'healthy', 'lastHealthCheckAt', 'position', 'next'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    state: { type: 'string', enum: ['enabled', 'draining', 'removed'] },
    healthy: { type: 'boolean' },
    lastHealthCheckAt: { type: ['string', 'null'], format: 'date-time' },
    position: { type: 'integer' },
    next: { type: 'boolean', description: 'True for the server round-robin picks for the next purchase' },
  },
} as const;
const serversSchema = {
  type: 'object',
  required: ['servers', 'nextServerId'],
  properties: { servers: { type: 'array', items: serverSchema }, nextServerId: { type: ['string', 'null'] } },
} as const;
const shownErrorSchema = { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } as const;
const looseObject = { type: 'object', additionalProperties: true } as const;
const serverIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 128 } } } as const;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
// Fastify keeps summary, description and tags beside the schemas; the OpenAPI document reads them.
const doc = (schema: object): FastifySchema => schema as FastifySchema;

/** Registers the operator API on `scope` (a scope whose hooks and error handler are the web server's). */
export function registerOperatorApi(scope: FastifyInstance, guard: OperatorGuard | null, service: OperatorConsoleService | null, mediaKeys = 200): void {
  // Without an operator token there is no console: every call says so.
  if (guard === null || service === null) {
    scope.all(`${OPERATOR_API}/*`, { schema: doc({ summary: 'The operator console (disabled on this server)', tags, security }) }, async () => {
      throw webappError('OPERATOR_CONSOLE_DISABLED');
    });
    return;
  }
  const requireSession = guard.requireSession;

  scope.get(
    `${OPERATOR_API}/session/csrf`,
    {
      schema: doc({
        summary: 'A CSRF token for logging in',
        description: 'Programs call this before POST /operator/v1/session; the login page carries the same token.',
        tags,
        security,
        response: { 200: { type: 'object', required: ['csrfToken'], properties: { csrfToken: { type: 'string' } } } },
      }),
    },
    async () => ({ csrfToken: guard.loginCsrfToken() }),
  );

  scope.post<{ Body: { token: string } }>(
    `${OPERATOR_API}/session`,
    {
      schema: doc({
        summary: 'Log in to the operator console',
        description:
          'Exchanges the operator token for a session cookie (HttpOnly, SameSite=Strict, signed, expiring). Send the login CSRF token ' +
          'in X-CSRF-Token. The answer carries the CSRF token every later POST must send.',
        tags,
        security,
        headers: csrfHeaders,
        body: { type: 'object', required: ['token'], additionalProperties: false, properties: { token: { type: 'string', minLength: 1, maxLength: 1024 } } },
        response: {
          200: { type: 'object', required: ['csrfToken', 'expiresAt'], properties: { csrfToken: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } },
          ...errors,
        },
      }),
    },
    async (request, reply) => {
      guard.checkLogin(request, request.body.token);
      const issued = guard.startSession(request, reply);
      return { csrfToken: issued.csrfToken, expiresAt: new Date(issued.session.expiresAtMs).toISOString() };
    },
  );

  scope.post(
    `${OPERATOR_API}/logout`,
    { onRequest: requireSession, schema: doc({ summary: 'Log out of the operator console', tags, security, headers: csrfHeaders, response: { 204: { type: 'null' }, ...errors } }) },
    async (request, reply) => {
      guard.endSession(request, reply);
      return reply.code(204).send();
    },
  );

  scope.get(
    `${OPERATOR_API}/servers`,
    {
      onRequest: requireSession,
      schema: doc({
        summary: 'Processing servers with state, health and which one round-robin picks next',
        description: 'As this web server sees them (it reloads the list from the database every health-check round).',
        tags,
        security,
        response: { 200: serversSchema, ...errors },
      }),
    },
    async () => service.servers(),
  );

  for (const action of ['drain', 'enable'] as const) {
    scope.post<{ Params: { id: string } }>(
      `${OPERATOR_API}/servers/:id/${action}`,
      {
        onRequest: requireSession,
        schema: doc({
          summary: action === 'drain' ? 'Drain a processing server: no new purchases go to it' : 'Enable a processing server: new purchases may go to it again',
          tags,
          security,
          headers: csrfHeaders,
          params: serverIdParams,
          response: { 200: serversSchema, ...errors },
        }),
      },
      async (request) => (action === 'drain' ? service.drain(request.params.id) : service.enable(request.params.id)),
    );
  }

  scope.get(
    `${OPERATOR_API}/psds`,
    {
      onRequest: requireSession,
      schema: doc({
        summary: 'The PSDs of every processing server: registers, last reset, inspection due, lock state',
        description: 'Asks every processing server that is not removed; a server that cannot answer shows its error and the others still show.',
        tags,
        security,
        response: {
          200: {
            type: 'object',
            required: ['servers'],
            properties: {
              servers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'name', 'url', 'state'],
                  properties: { id: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' }, state: { type: 'string' }, psds: { type: 'array', items: looseObject }, error: shownErrorSchema },
                },
              },
            },
          },
          ...errors,
        },
      }),
    },
    async () => ({ servers: await service.psds() }),
  );

  scope.post<{ Body: { signatures?: boolean } | undefined }>(
    `${OPERATOR_API}/audit`,
    {
      onRequest: requireSession,
      schema: doc({
        summary: 'Run the ledger audit of every processing server',
        description: 'Audit chains, register invariants and indicium records of every PSD; with signatures true also every signature (slower).',
        tags,
        security,
        headers: csrfHeaders,
        body: { type: ['object', 'null'], additionalProperties: false, properties: { signatures: { type: 'boolean' } } },
        response: {
          200: {
            type: 'object',
            required: ['clean', 'servers'],
            properties: {
              clean: { type: 'boolean' },
              servers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'name', 'url'],
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    url: { type: 'string' },
                    audit: { type: 'object', properties: { ok: { type: 'boolean' }, psds: { type: 'array', items: looseObject }, problem: shownErrorSchema } },
                    error: shownErrorSchema,
                  },
                },
              },
            },
          },
          ...errors,
        },
      }),
    },
    async (request) => service.audit({ signatures: request.body?.signatures ?? false }),
  );

  scope.get(
    `${OPERATOR_API}/deposit`,
    {
      onRequest: requireSession,
      schema: doc({
        summary: "The vendor's deposit at the postal authority: balance and statement",
        tags,
        security,
        response: {
          200: { type: 'object', required: ['balanceMills', 'entries'], properties: { balanceMills: { type: 'string' }, entries: { type: 'array', items: looseObject } } },
          ...errors,
          409: err,
          503: err,
        },
      }),
    },
    async () => service.deposit(),
  );

  const issued = new OnceCache<readonly IssuedMedium[]>(mediaKeys, (key) => webappError('MEDIA_ISSUE_KEY_REUSED', undefined, { idempotencyKey: key }));
  scope.post<{ Body: { accountId: string; layout: string; count: number } }>(
    `${OPERATOR_API}/media`,
    {
      onRequest: requireSession,
      schema: doc({
        summary: 'Issue media (labels or sheets with serials) to an account',
        description: 'With an Idempotency-Key, sending the same form again answers the same serials instead of issuing more.',
        tags,
        security,
        headers: { type: 'object', properties: { ...csrfHeaders.properties, 'idempotency-key': { type: 'string' } } },
        body: {
          type: 'object',
          required: ['accountId', 'layout', 'count'],
          additionalProperties: false,
          properties: {
            accountId: { type: 'string', minLength: 1, maxLength: 128 },
            layout: { type: 'string', minLength: 1, maxLength: 64 },
            count: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['media'],
            properties: { media: { type: 'array', items: { type: 'object', required: ['serial'], properties: { serial: { type: 'string' }, slots: { type: 'integer' } } } } },
          },
          ...errors,
          409: err,
          503: err,
        },
      }),
    },
    async (request, reply) => {
      const body = { accountId: request.body.accountId.trim(), layout: request.body.layout, count: request.body.count };
      const key = idempotencyKeyOf(request);
      const run = () => service.issueMedia(body);
      const media = key === undefined ? await run() : await issued.run(key, JSON.stringify(body), run);
      return reply.code(201).send({ media });
    },
  );
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
  return key;
}
