// A small Fastify app with the accounts routes over a fresh test database, a movable clock, and
// helpers to read the outbox and to log in; closed when the test ends.
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { onTestFinished } from 'vitest';
import { ACCOUNTS_MIGRATION } from '../../src/accounts/accounts.migration.js';
import { registerAccountRoutes } from '../../src/accounts/accounts.routes.js';
import { createAccountServices, type AccountServices, type AccountServicesOptions } from '../../src/accounts/account-services.js';
import { principalOf } from '../../src/accounts/principal.js';
import type { Migration } from '../../src/db/database.js';
import { AppError } from '../../src/errors/app-error.js';
import { registerErrorHandler } from '../../src/http/error-handler.js';
import { ApiKeyRepository } from '../../src/web/api-key.repository.js';
import { ApiKeyService } from '../../src/web/api-key.service.js';
import { authenticate } from '../../src/web/auth.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { errorSchema } from '../../src/web/schemas.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';
import { TEST_SCRYPT } from './ready-account.js';

/** The web migrations with the accounts one, by id (WEB_MIGRATIONS may already hold it). */
export function accountsMigrations(): Migration[] {
  const all = new Map<number, Migration>(WEB_MIGRATIONS.map((m) => [m.id, m]));
  all.set(ACCOUNTS_MIGRATION.id, ACCOUNTS_MIGRATION);
  return [...all.values()].sort((a, b) => a.id - b.id);
}

/** A running accounts app. */
export interface AccountsApp {
  readonly app: FastifyInstance;
  readonly db: TestDatabase;
  readonly services: AccountServices;
  readonly apiKeys: ApiKeyService;
  /** The clock every service reads; move it with `clock.now += …`. */
  readonly clock: { now: number };
}

/** Builds the app; `options` tune the services (throttle, lifetimes). */
export async function startAccountsApp(open: OpenTestDatabase, options: AccountServicesOptions = {}): Promise<AccountsApp> {
  const db = await open({ migrations: accountsMigrations() });
  const clock = { now: Date.UTC(2026, 10, 24, 12) };
  const nowMs = (): number => clock.now;
  const apiKeys = new ApiKeyService(new ApiKeyRepository(db), { cacheMs: 30_000, nowMs });
  const services = createAccountServices(db, apiKeys, { passwordParams: TEST_SCRYPT, nowMs, ...options });
  const app = Fastify({ ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allowUnionTypes: true } } });
  registerErrorHandler(app);
  app.addSchema(errorSchema);
  const auth = authenticate(services.auth);
  registerAccountRoutes(app, { ...services, apiKeys, authenticate: auth });
  // A stand-in for a customer route: who is calling, on a safe and an unsafe method.
  app.get('/test/principal', { onRequest: auth }, async (request) => principalOf(request));
  app.post('/test/principal', { onRequest: auth }, async (request) => principalOf(request));
  app.post('/test/buy', { onRequest: auth }, async (request) => {
    await services.accounts.checkReadyToBuy(principalOf(request));
    return { ok: true };
  });
  app.get('/test/throw', async () => {
    throw new AppError('INTERNAL');
  });
  await app.ready();
  onTestFinished(() => app.close());
  return { app, db, services, apiKeys, clock };
}

/** The value of the indicia_session cookie set by a response. */
export function sessionCookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const line = (Array.isArray(header) ? header : [header ?? '']).find((h) => h.startsWith('indicia_session='));
  if (line === undefined) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return line.split(';')[0]!.slice('indicia_session='.length);
}

/** A browser: the session cookie and CSRF token from a login-like answer. */
export interface Browser {
  readonly cookie: string;
  readonly csrf: string;
}

/** The browser of a login-like answer. */
export function browserOf(res: LightMyRequestResponse): Browser {
  return { cookie: `indicia_session=${sessionCookieOf(res)}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/** Headers of a browser request (with the CSRF token). */
export function asBrowser(b: Browser, withCsrf = true): Record<string, string> {
  return withCsrf ? { cookie: b.cookie, 'x-csrf-token': b.csrf } : { cookie: b.cookie };
}

/** The token in the latest outbox mail of `kind` to `to`. */
export async function tokenFromOutbox(a: AccountsApp, to: string, kind: string): Promise<string> {
  const mail = (await a.services.outbox.list({ to })).find((m) => m.kind === kind);
  const token = mail === undefined ? undefined : /Token: ([A-Za-z0-9_-]{43})/.exec(mail.body)?.[1];
  if (token === undefined) throw new Error(`no ${kind} mail to ${to}`);
  return token;
}

/** POST /v1/signup. */
export function signup(a: AccountsApp, email: string, extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
  return a.app.inject({ method: 'POST', url: '/v1/signup', payload: { email, password: 'correct horse battery', accountName: 'Acme Mail Room', ...extra } });
}
