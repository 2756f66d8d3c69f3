// The accounts routes: sign-up, session (login, logout), me, email verification, the postal address,
// members and invitations, and the API keys of an account. HTTP and validation only; AccountService,
// SessionService and ApiKeyService do the rest.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { isAppError } from '../errors/app-error.js';
import type { ApiKeyRecord, ApiKeyScope } from '../web/api-key.repository.js';
import type { ApiKeyService } from '../web/api-key.service.js';
import { sessionOf } from '../web/auth.js';
import type { AccountService, LoggedIn, SignupInput } from './account.service.js';
import { accountJson, userJson } from './account-views.js';
import type { AddressInput } from './address.js';
import {
  acceptBody,
  accountSchema,
  addressSchema,
  apiKeyBody,
  apiKeySchema,
  authedErrors,
  idParams,
  inviteBody,
  loggedInSchema,
  loginBody,
  readinessSchema,
  signupBody,
  tokenBody,
  userSchema,
} from './accounts.schemas.js';
import { SESSION_COOKIE, readCookie, sessionCookie } from './cookies.js';
import { principalOf, type Principal, type Role } from './principal.js';
import type { SessionService } from './session.service.js';

/** What the routes need. */
export interface AccountRouteDeps {
  readonly accounts: AccountService;
  readonly sessions: SessionService;
  readonly apiKeys: ApiKeyService;
  /** The authenticating preHandler (src/web/auth.ts `authenticate(...)`). */
  readonly authenticate: (request: FastifyRequest) => Promise<void>;
}

const err = { $ref: 'Error#' } as const;
const security = [{ apiKey: [] }];
const tags = ['accounts'];
const schema = (s: Record<string, unknown>): FastifySchema => ({ tags, ...s }) as FastifySchema;

/** The API view of a key. */
function keyJson(k: ApiKeyRecord): Record<string, unknown> {
  return { id: k.id, name: k.name, prefix: k.prefix, userId: k.userId, createdAt: new Date(k.createdAtMs).toISOString(), revokedAt: k.revokedAtMs === null ? null : new Date(k.revokedAtMs).toISOString() };
}

/** A member sees and revokes their own keys; an owner every key of the account. */
function keyScope(p: Principal): ApiKeyScope {
  return p.role === 'owner' ? { accountId: p.accountId } : { accountId: p.accountId, userId: p.userId };
}

/** True when the request reached the server over https (directly or through a proxy saying so). */
function overHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return request.protocol === 'https' || proto === 'https';
}

/** Sets the session cookie and answers {user, account, csrfToken}. */
function sendLoggedIn(request: FastifyRequest, reply: FastifyReply, status: 200 | 201, result: LoggedIn, sessions: SessionService): FastifyReply {
  const maxAgeSeconds = Math.floor(Math.min(sessions.options.absoluteMs, result.session.expiresAtMs - Date.now()) / 1000);
  reply.header('set-cookie', sessionCookie(result.session.token, { secure: overHttps(request), maxAgeSeconds: Math.max(1, maxAgeSeconds) }));
  reply.header('cache-control', 'no-store');
  return reply.code(status).send({ user: userJson(result.user), account: accountJson(result.account), csrfToken: result.session.csrfToken });
}

/** Copies retryAfterSeconds of a rate-limit error into the Retry-After header, then rethrows it. */
async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const seconds = isAppError(e) ? e.details?.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') reply.header('retry-after', String(seconds));
    throw e;
  }
}

/** Registers every accounts route (signup, session, me, email, address, members, invitations, api-keys). */
export function registerAccountRoutes(app: FastifyInstance, deps: AccountRouteDeps): void {
  registerSessionRoutes(app, deps);
  registerEmailRoutes(app, deps);
  registerAccountSettingsRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
}

function registerSessionRoutes(app: FastifyInstance, deps: AccountRouteDeps): void {
  const { accounts, sessions } = deps;
  app.post(
    '/v1/signup',
    {
      schema: schema({
        security: [],
        summary: 'Open an account',
        description: 'Makes the account and its owner, emails a verification link and logs the owner in (sets the session cookie).',
        body: signupBody,
        response: { 201: loggedInSchema, 400: err, 409: err, 500: err },
      }),
    },
    async (request, reply) => sendLoggedIn(request, reply, 201, await accounts.signup(request.body as SignupInput), sessions),
  );

  app.post(
    '/v1/session',
    {
      schema: schema({
        security: [],
        summary: 'Log in',
        description: 'Sets the HttpOnly session cookie indicia_session and answers the CSRF token to send with every change. Repeated failures are throttled per email.',
        body: loginBody,
        response: { 200: loggedInSchema, 400: err, 401: err, 429: err, 500: err },
      }),
    },
    async (request, reply) => {
      const body = request.body as { email: string; password: string };
      const result = await withRetryAfter(reply, () => accounts.login(body.email, body.password));
      return sendLoggedIn(request, reply, 200, result, sessions);
    },
  );

  app.delete(
    '/v1/session',
    {
      onRequest: deps.authenticate,
      schema: schema({ summary: 'Log out', description: 'Ends the session of the cookie and clears the cookie.', security, response: { 204: { type: 'null' }, ...authedErrors } }),
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const token = session?.token ?? readCookie(request.headers.cookie, SESSION_COOKIE);
      if (token !== undefined) await accounts.logout(token);
      reply.header('set-cookie', sessionCookie('', { secure: overHttps(request), maxAgeSeconds: 0 }));
      return reply.code(204).send();
    },
  );

  app.get(
    '/v1/me',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'Who is calling',
        description: 'The user and account of the key or session, whether they may buy (and what is missing), and for a session its CSRF token.',
        security,
        response: {
          200: { type: 'object', required: ['user', 'account', 'readyToBuy'], properties: { user: userSchema, account: accountSchema, csrfToken: { type: 'string' }, readyToBuy: readinessSchema } },
          ...authedErrors,
        },
      }),
    },
    async (request, reply) => {
      const me = await accounts.me(principalOf(request));
      const session = sessionOf(request);
      reply.header('cache-control', 'no-store');
      return { user: userJson(me.user), account: accountJson(me.account), ...(session ? { csrfToken: session.csrfToken } : {}), readyToBuy: me.readyToBuy };
    },
  );
}

function registerEmailRoutes(app: FastifyInstance, deps: AccountRouteDeps): void {
  const { accounts, sessions } = deps;
  app.post(
    '/v1/email/verify',
    {
      schema: schema({
        security: [],
        summary: 'Verify an email address',
        description: 'With the token of the verification email; works once, for 24 hours. Needs no login: the token is the proof.',
        body: tokenBody,
        response: { 200: { type: 'object', required: ['user'], properties: { user: userSchema } }, 400: err, 409: err, 500: err },
      }),
    },
    async (request) => ({ user: userJson(await accounts.verifyEmail((request.body as { token: string }).token)) }),
  );

  app.post(
    '/v1/email/verification',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'Send the verification email again',
        description: 'At most once a minute.',
        security,
        response: { 202: { type: 'object', required: ['sentTo'], properties: { sentTo: { type: 'string' } } }, ...authedErrors, 409: err, 429: err },
      }),
    },
    async (request, reply) => reply.code(202).send(await withRetryAfter(reply, () => accounts.resendVerification(principalOf(request)))),
  );

  app.post(
    '/v1/invitations/accept',
    {
      schema: schema({
        security: [],
        summary: 'Accept an invitation',
        description: 'Sets the invited user’s password with the token of the invitation email, verifies their email and logs them in.',
        body: acceptBody,
        response: { 200: loggedInSchema, 400: err, 409: err, 500: err },
      }),
    },
    async (request, reply) => {
      const body = request.body as { token: string; password: string };
      return sendLoggedIn(request, reply, 200, await accounts.acceptInvitation(body.token, body.password), sessions);
    },
  );
}

function registerAccountSettingsRoutes(app: FastifyInstance, deps: AccountRouteDeps): void {
  const { accounts } = deps;
  app.put(
    '/v1/account/address',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'Set the postal address of the account',
        description: 'Owners only. The state is a USPS code and the ZIP code must lie in it.',
        security,
        body: addressSchema,
        response: { 200: { type: 'object', required: ['account'], properties: { account: accountSchema } }, ...authedErrors },
      }),
    },
    async (request) => ({ account: accountJson(await accounts.setAddress(principalOf(request), request.body as AddressInput)) }),
  );

  app.get(
    '/v1/account/members',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'List the users of the account',
        description: 'Owners only.',
        security,
        response: { 200: { type: 'object', required: ['members'], properties: { members: { type: 'array', items: userSchema } } }, ...authedErrors },
      }),
    },
    async (request) => ({ members: (await accounts.listMembers(principalOf(request))).map(userJson) }),
  );

  app.post(
    '/v1/account/members',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'Invite a user into the account',
        description: 'Owners only. The user gets an invitation email with a link to choose a password.',
        security,
        body: inviteBody,
        response: { 201: { type: 'object', required: ['member'], properties: { member: userSchema } }, ...authedErrors, 409: err },
      }),
    },
    async (request, reply) => {
      const body = request.body as { email: string; role: Role };
      return reply.code(201).send({ member: userJson(await accounts.invite(principalOf(request), body)) });
    },
  );

  app.delete(
    '/v1/account/members/:userId',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'Remove a user from the account',
        description: 'Owners only. Ends the user’s sessions and revokes their API keys; the last owner cannot be removed.',
        security,
        params: idParams('userId'),
        response: { 200: { type: 'object', required: ['member'], properties: { member: userSchema } }, ...authedErrors, 404: err, 409: err },
      }),
    },
    async (request) => ({ member: userJson(await accounts.removeMember(principalOf(request), (request.params as { userId: string }).userId)) }),
  );
}

function registerApiKeyRoutes(app: FastifyInstance, deps: AccountRouteDeps): void {
  const { apiKeys } = deps;
  app.get(
    '/v1/api-keys',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'List API keys',
        description: 'A member sees their own keys, an owner every key of the account. Secrets are never shown.',
        security,
        response: { 200: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: apiKeySchema } } }, ...authedErrors },
      }),
    },
    async (request) => ({ keys: (await apiKeys.list(keyScope(principalOf(request)))).map(keyJson) }),
  );

  app.post(
    '/v1/api-keys',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'Make an API key',
        description: 'The secret is in this answer only; store it now.',
        security,
        body: apiKeyBody,
        response: { 201: { type: 'object', required: ['key', 'secret'], properties: { key: apiKeySchema, secret: { type: 'string', description: 'ik_ and 43 characters; shown once' } } }, ...authedErrors },
      }),
    },
    async (request, reply) => {
      const p = principalOf(request);
      const created = await apiKeys.create((request.body as { name: string }).name, { accountId: p.accountId, userId: p.userId });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ key: keyJson(created.record), secret: created.secret });
    },
  );

  app.delete(
    '/v1/api-keys/:id',
    {
      onRequest: deps.authenticate,
      schema: schema({
        summary: 'Revoke an API key',
        description: 'A member revokes their own keys, an owner any key of the account.',
        security,
        params: idParams('id'),
        response: { 200: { type: 'object', required: ['key'], properties: { key: apiKeySchema } }, ...authedErrors, 404: err },
      }),
    },
    async (request) => {
      const id = (request.params as { id: string }).id;
      const scope = keyScope(principalOf(request));
      return { key: keyJson(await apiKeys.revoke(id, scope)) };
    },
  );
}

