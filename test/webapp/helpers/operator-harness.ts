// A web app (buildWebApp) with the browser app's routes (registerWebAppRoutes) on a fresh test database,
// with fake processing servers registered and checked, a fake authority, and a recording media issuer.
import { onTestFinished } from 'vitest';
import { AppError } from '../../../src/errors/app-error.js';
import { defineWebConfig } from '../../../src/web/config.js';
import { WEB_MIGRATIONS } from '../../../src/web/migrations.js';
import { buildWebApp, type WebApp } from '../../../src/web/web-app.js';
import type { MediaIssuer, MediaIssueRequest } from '../../../src/webapp/media-issuer.js';
import type { OperatorConfig } from '../../../src/webapp/operator-config.js';
import type { OpenTestDatabase, TestDatabase } from '../../helpers/dialects.js';
import { ensureWebappErrors } from './catalogue.js';
import { FakeAuthority, FakePsdServer, psdView } from './fake-operator-servers.js';

export const OPERATOR_TOKEN = 'operator-token-for-tests-0123';
export const INTERNAL_TOKEN = 'internal-token-for-tests-0123';
export const VENDOR_TOKEN = 'vendor-token-for-tests-0123';

/** A media issuer that records its calls and hands out serials in order. */
export class RecordingMediaIssuer implements MediaIssuer {
  readonly calls: MediaIssueRequest[] = [];
  private next = 1;
  /** Milliseconds each issue takes (to hold a request in flight). */
  delayMs = 0;

  async issue(request: MediaIssueRequest) {
    this.calls.push(request);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (request.accountId === 'unknown') throw new AppError('INVALID_ARGUMENT', 'No account has the id unknown', { field: 'accountId' });
    return Array.from({ length: request.count }, () => ({ serial: `2026-0000-${String(this.next++).padStart(4, '0')}-0`, slots: 30 }));
  }
}

/** A running setup. */
export interface OperatorHarness {
  readonly app: WebApp;
  readonly db: TestDatabase;
  readonly servers: readonly FakePsdServer[];
  readonly authority: FakeAuthority;
  readonly media: RecordingMediaIssuer;
  close(): Promise<void>;
}

/** Options of a harness. */
export interface OperatorHarnessOptions {
  readonly servers?: number;
  /** null: no operator token (console disabled). */
  readonly operator?: Partial<OperatorConfig> | null;
  readonly nowMs?: () => number;
}

/** Builds the app, registers the fakes as processing servers in order and runs one health round. */
export async function startOperatorHarness(open: OpenTestDatabase, options: OperatorHarnessOptions = {}): Promise<OperatorHarness> {
  ensureWebappErrors();
  const db = await open({ migrations: WEB_MIGRATIONS });
  const config = defineWebConfig({ licenseNumber: 40001234, internalToken: INTERNAL_TOKEN, healthTimeoutMs: 1_000, healthIntervalMs: 60_000 });
  const servers: FakePsdServer[] = [];
  const authority = await new FakeAuthority(VENDOR_TOKEN).start();
  const built: { app?: WebApp } = {};
  const close = async (): Promise<void> => {
    await built.app?.close();
    await Promise.all([...servers.map((s) => s.close()), authority.close()]);
  };
  try {
    onTestFinished(close);
  } catch {
    // Started in beforeAll: the caller closes it in afterAll.
  }
  for (let i = 0; i < (options.servers ?? 3); i++) {
    const name = `ps-${String.fromCharCode(97 + i)}`;
    servers.push(await new FakePsdServer({ name, internalToken: INTERNAL_TOKEN, psds: [psdView(101 + 2 * i), psdView(102 + 2 * i)] }).start());
  }
  const media = new RecordingMediaIssuer();
  const operator =
    options.operator === null
      ? null
      : { token: OPERATOR_TOKEN, sessionMs: 60 * 60_000, authorityUrl: authority.url, authorityToken: VENDOR_TOKEN, ...options.operator };
  const app = await buildWebApp({ config, db, operator, mediaIssuer: media, vendorName: 'Test Postage', ...(options.nowMs ? { nowMs: options.nowMs } : {}) });
  built.app = app;
  for (const s of servers) await app.web.registry.add(s.options.name, s.url);
  await app.web.healthChecker.checkNow();
  return { app, db, servers, authority, media, close };
}

/** A logged-in operator as app.inject sees it: the cookie header and the CSRF token. */
export interface InjectSession {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly setCookie: string;
}

/** The login CSRF token the login page carries. */
export async function loginCsrfOf(app: WebApp): Promise<string> {
  const page = await app.inject({ method: 'GET', url: '/operator/login' });
  const m = /data-csrf="([^"]+)"/.exec(page.body);
  if (m === null) throw new Error(`the login page has no CSRF token: ${page.statusCode} ${page.body.slice(0, 200)}`);
  return m[1]!;
}

/** Logs in with `token` through the login page's CSRF token. */
export async function login(app: WebApp, token = OPERATOR_TOKEN): Promise<InjectSession> {
  const csrf = await loginCsrfOf(app);
  const res = await app.inject({ method: 'POST', url: '/operator/v1/session', headers: { 'x-csrf-token': csrf }, payload: { token } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, csrfToken: (res.json() as { csrfToken: string }).csrfToken, setCookie };
}
