// The operator console's API and pages over app.inject, on a web app built like the web server's
// (buildWebApp + registerWebAppRoutes), on SQLite and PostgreSQL: token login, session cookie, CSRF,
// drain and enable through the registry, round-robin's next server, PSDs, audit, deposit and media.
import { describe, expect, it } from 'vitest';
import { ProcessingServerRepository } from '../../src/web/processing-server.repository.js';
import { forEachDialect } from '../helpers/dialects.js';
import { OPERATOR_TOKEN, login, loginCsrfOf, startOperatorHarness, type InjectSession, type OperatorHarness } from './helpers/operator-harness.js';

interface ServersBody {
  servers: { id: string; name: string; state: string; healthy: boolean; next: boolean; lastHealthCheckAt: string | null }[];
  nextServerId: string | null;
}

function get(h: OperatorHarness, s: InjectSession | null, url: string) {
  return h.app.inject({ method: 'GET', url, headers: s === null ? {} : { cookie: s.cookie } });
}

function post(h: OperatorHarness, s: InjectSession | null, url: string, payload?: object, headers: Record<string, string> = {}) {
  return h.app.inject({
    method: 'POST',
    url,
    headers: { ...(s === null ? {} : { cookie: s.cookie, 'x-csrf-token': s.csrfToken }), ...headers },
    ...(payload === undefined ? {} : { payload }),
  });
}

function nextName(body: ServersBody): string | undefined {
  return body.servers.find((s) => s.next)?.name;
}

forEachDialect((_dialect, open) => {
  describe('operator login and session', () => {
    it('exchanges the operator token for a signed HttpOnly SameSite=Strict cookie and a CSRF token', async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      expect(s.setCookie).toMatch(/^indicia_operator=[A-Za-z0-9_-]{24}\.\d+\.[A-Za-z0-9_-]{43}; Path=\/operator; Max-Age=3600; SameSite=Strict; HttpOnly$/);
      expect(s.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const page = await get(h, s, '/operator');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain(`<meta name="csrf-token" content="${s.csrfToken}">`);
      expect(page.body).toContain('<main id="main"');
      expect(page.body).toContain('Skip to the content');
      // Logged in, the login page sends the operator on to the console.
      expect((await get(h, s, '/operator/login')).headers.location).toBe('/operator');
    });

    it('refuses a wrong token (OPERATOR_TOKEN_INVALID) and a login without the login CSRF token (OPERATOR_CSRF_INVALID)', async () => {
      const h = await startOperatorHarness(open);
      const csrf = await loginCsrfOf(h.app);
      const wrong = await post(h, null, '/operator/v1/session', { token: `${OPERATOR_TOKEN}x` }, { 'x-csrf-token': csrf });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'OPERATOR_TOKEN_INVALID' });
      expect(wrong.headers['set-cookie']).toBeUndefined();
      const noCsrf = await post(h, null, '/operator/v1/session', { token: OPERATOR_TOKEN });
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json()).toMatchObject({ code: 'OPERATOR_CSRF_INVALID' });
      const forgedCsrf = await post(h, null, '/operator/v1/session', { token: OPERATOR_TOKEN }, { 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` });
      expect(forgedCsrf.json()).toMatchObject({ code: 'OPERATOR_CSRF_INVALID' });
      // Programs get the same login CSRF token from the API.
      const viaApi = (await get(h, null, '/operator/v1/session/csrf')).json() as { csrfToken: string };
      expect((await post(h, null, '/operator/v1/session', { token: OPERATOR_TOKEN }, { 'x-csrf-token': viaApi.csrfToken })).statusCode).toBe(200);
    });

    it('sends pages without a session to the login page and refuses the API (OPERATOR_SESSION_REQUIRED), also for forged and expired cookies', async () => {
      let now = Date.parse('2026-03-01T12:00:00Z');
      const h = await startOperatorHarness(open, { nowMs: () => now });
      for (const path of ['/operator', '/operator/psds', '/operator/audit', '/operator/deposit', '/operator/media']) {
        const res = await get(h, null, path);
        expect(res.statusCode, path).toBe(303);
        expect(res.headers.location).toBe('/operator/login');
      }
      const none = await get(h, null, '/operator/v1/servers');
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ code: 'OPERATOR_SESSION_REQUIRED' });
      const s = await login(h.app);
      const [value] = s.cookie.split('=').slice(1);
      const [id, expires, mac] = value!.split('.');
      const longer = { ...s, cookie: `indicia_operator=${id}.${Number(expires) + 3_600_000}.${mac}` };
      expect((await get(h, longer, '/operator/v1/servers')).json()).toMatchObject({ code: 'OPERATOR_SESSION_REQUIRED' });
      expect((await get(h, s, '/operator/v1/servers')).statusCode).toBe(200);
      now += 3_600_000;
      expect((await get(h, s, '/operator/v1/servers')).json()).toMatchObject({ code: 'OPERATOR_SESSION_REQUIRED' });
      expect((await get(h, s, '/operator')).headers.location).toBe('/operator/login');
    });

    it('logs out: the cookie is cleared and the old cookie no longer works', async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const out = await post(h, s, '/operator/v1/logout');
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^indicia_operator=; Path=\/operator; Max-Age=0;/);
      expect((await get(h, s, '/operator/v1/servers')).json()).toMatchObject({ code: 'OPERATOR_SESSION_REQUIRED' });
    });

    it('without an operator token the console is disabled: OPERATOR_CONSOLE_DISABLED for the API and the pages', async () => {
      const h = await startOperatorHarness(open, { operator: null });
      const api = await get(h, null, '/operator/v1/servers');
      expect(api.statusCode).toBe(404);
      expect(api.json()).toMatchObject({ code: 'OPERATOR_CONSOLE_DISABLED' });
      const page = await get(h, null, '/operator/login');
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('<code>OPERATOR_CONSOLE_DISABLED</code>');
    });
  });

  describe('processing servers', () => {
    it('lists the servers in round-robin order with state, health, last check and the next one', async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const body = (await get(h, s, '/operator/v1/servers')).json() as ServersBody;
      expect(body.servers.map((x) => [x.name, x.state, x.healthy, x.next])).toEqual([
        ['ps-a', 'enabled', true, true],
        ['ps-b', 'enabled', true, false],
        ['ps-c', 'enabled', true, false],
      ]);
      expect(body.servers.every((x) => x.lastHealthCheckAt !== null && !Number.isNaN(Date.parse(x.lastHealthCheckAt)))).toBe(true);
      expect(body.nextServerId).toBe(body.servers[0]!.id);
    });

    it('shows the server round-robin picks next as purchases move it on, skipping down servers', async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const shown = async () => nextName((await get(h, s, '/operator/v1/servers')).json() as ServersBody);
      // Each next() is what a purchase does; the console must show the one after.
      for (const expected of ['ps-a', 'ps-b', 'ps-c', 'ps-a']) {
        expect(await shown()).toBe(expected);
        expect(h.app.web.selector.next()?.name).toBe(expected);
      }
      expect(await shown()).toBe('ps-b');
      h.servers[1]!.healthy = false;
      await h.app.web.healthChecker.checkNow();
      expect(await shown()).toBe('ps-c');
      // Showing it does not move it.
      expect(await shown()).toBe('ps-c');
      expect(h.app.web.selector.next()?.name).toBe('ps-c');
    });

    it('drains a server through the API: the registry (memory and database) changes, and round-robin skips it', async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const before = (await get(h, s, '/operator/v1/servers')).json() as ServersBody;
      const a = before.servers[0]!;
      const res = await post(h, s, `/operator/v1/servers/${a.id}/drain`);
      expect(res.statusCode, res.body).toBe(200);
      const after = res.json() as ServersBody;
      expect(after.servers.find((x) => x.id === a.id)).toMatchObject({ state: 'draining', next: false });
      expect(nextName(after)).toBe('ps-b');
      expect((await new ProcessingServerRepository(h.db).find(a.id))?.state).toBe('draining');
      expect(h.app.web.registry.eligible().map((x) => x.name)).toEqual(['ps-b', 'ps-c']);
      expect(h.app.web.selector.next()?.name).toBe('ps-b');
      // Enable by name works too, and it takes purchases again.
      const enabled = (await post(h, s, '/operator/v1/servers/ps-a/enable')).json() as ServersBody;
      expect(enabled.servers.find((x) => x.id === a.id)?.state).toBe('enabled');
      expect((await new ProcessingServerRepository(h.db).find(a.id))?.state).toBe('enabled');
      expect(h.app.web.registry.eligible().map((x) => x.name)).toEqual(['ps-a', 'ps-b', 'ps-c']);
    });

    it('refuses a drain without the CSRF token, or with another session\'s, and changes nothing', async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const other = await login(h.app);
      const missing = await h.app.inject({ method: 'POST', url: '/operator/v1/servers/ps-a/drain', headers: { cookie: s.cookie } });
      expect(missing.statusCode).toBe(403);
      expect(missing.json()).toMatchObject({ code: 'OPERATOR_CSRF_INVALID' });
      const crossed = await post(h, { ...s, csrfToken: other.csrfToken }, '/operator/v1/servers/ps-a/drain');
      expect(crossed.json()).toMatchObject({ code: 'OPERATOR_CSRF_INVALID' });
      expect(h.app.web.registry.eligible().map((x) => x.name)).toEqual(['ps-a', 'ps-b', 'ps-c']);
      const unknown = await post(h, s, '/operator/v1/servers/nope/drain');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ code: 'PROCESSING_SERVER_NOT_FOUND' });
    });
  });

  describe('PSDs, audit, deposit and media', () => {
    it("lists every server's PSDs, and a server that cannot be reached shows its error while the others still show", async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const body = (await get(h, s, '/operator/v1/psds')).json() as { servers: { name: string; psds?: { psdId: number; registers: object }[]; error?: object }[] };
      expect(body.servers.map((x) => [x.name, x.psds?.map((p) => p.psdId)])).toEqual([
        ['ps-a', [101, 102]],
        ['ps-b', [103, 104]],
        ['ps-c', [105, 106]],
      ]);
      expect(body.servers[0]!.psds![0]!.registers).toEqual({ ascendingMills: '2220', descendingMills: '997780', controlTotalMills: '1000000', pieceCount: 3 });
      await h.servers[2]!.close();
      const partly = (await get(h, s, '/operator/v1/psds')).json() as typeof body;
      expect(partly.servers[0]!.psds).toHaveLength(2);
      expect(partly.servers[2]!.error).toMatchObject({ code: 'SERVER_UNREACHABLE', message: expect.stringContaining('ps-c') });
    });

    it('runs the audit on every server: clean, then a broken PSD reported with its problems', async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const clean = await post(h, s, '/operator/v1/audit', { signatures: true });
      expect(clean.statusCode, clean.body).toBe(200);
      expect(clean.json()).toMatchObject({ clean: true });
      expect(h.servers.map((x) => x.auditCalls)).toEqual([1, 1, 1]);
      h.servers[1]!.options.auditProblems = { 104: [{ kind: 'chain', message: 'entry 3 does not chain' }] };
      const broken = (await post(h, s, '/operator/v1/audit', { signatures: false })).json() as {
        clean: boolean;
        servers: { name: string; audit: { ok: boolean; psds: { psdId: number; ok: boolean; problems: object[] }[]; problem?: { code: string } } }[];
      };
      expect(broken.clean).toBe(false);
      expect(broken.servers[0]!.audit.ok).toBe(true);
      expect(broken.servers[1]!.audit).toMatchObject({ ok: false, problem: { code: 'LEDGER_AUDIT_FAILED' } });
      expect(broken.servers[1]!.audit.psds.map((p) => [p.psdId, p.ok])).toEqual([
        [103, true],
        [104, false],
      ]);
      expect((await h.app.inject({ method: 'POST', url: '/operator/v1/audit', headers: { cookie: s.cookie }, payload: {} })).json()).toMatchObject({ code: 'OPERATOR_CSRF_INVALID' });
    });

    it("shows the vendor's deposit at the authority, and the authority's refusal with its code", async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const res = await get(h, s, '/operator/v1/deposit');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ balanceMills: '250000000', entries: [{ entryId: 1, kind: 'fund' }, { entryId: 2, kind: 'reset' }] });
      const bad = await startOperatorHarness(open, { operator: { authorityToken: 'not-the-vendor-token-0000' } });
      const refused = await get(bad, await login(bad.app), '/operator/v1/deposit');
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'OPERATOR_REMOTE_REFUSED', message: expect.stringContaining('AUTH_TOKEN_INVALID'), details: { remoteCode: 'AUTH_TOKEN_INVALID', remoteStatus: 401 } });
      const none = await startOperatorHarness(open, { operator: { authorityUrl: null, authorityToken: null } });
      expect((await get(none, await login(none.app), '/operator/v1/deposit')).json()).toMatchObject({ code: 'OPERATOR_AUTHORITY_NOT_CONFIGURED' });
    });

    it('issues media through the port; the same Idempotency-Key answers the same serials without issuing again', async () => {
      const h = await startOperatorHarness(open);
      const s = await login(h.app);
      const form = { accountId: 'acct-1', layout: 'avery-5160', count: 2 };
      const first = await post(h, s, '/operator/v1/media', form, { 'idempotency-key': 'key-1' });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toEqual({ media: [{ serial: '2026-0000-0001-0', slots: 30 }, { serial: '2026-0000-0002-0', slots: 30 }] });
      const again = await post(h, s, '/operator/v1/media', form, { 'idempotency-key': 'key-1' });
      expect(again.json()).toEqual(first.json());
      expect(h.media.calls).toEqual([form]);
      const reused = await post(h, s, '/operator/v1/media', { ...form, count: 3 }, { 'idempotency-key': 'key-1' });
      expect(reused.statusCode).toBe(409);
      expect(reused.json()).toMatchObject({ code: 'MEDIA_ISSUE_KEY_REUSED' });
      // The issuer's own catalogued refusals come through as they are.
      const refused = await post(h, s, '/operator/v1/media', { ...form, accountId: 'unknown' }, { 'idempotency-key': 'key-2' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'accountId' } });
      const invalid = await post(h, s, '/operator/v1/media', { ...form, count: 0 });
      expect(invalid.json()).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'count' } });
    });
  });

  describe('assets', () => {
    it('serves the stylesheet and scripts with their types and the page headers; an unknown file is ROUTE_NOT_FOUND', async () => {
      const h = await startOperatorHarness(open, { servers: 1 });
      const css = await get(h, null, '/app/assets/app.css');
      expect(css.statusCode).toBe(200);
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(css.body).toContain(':focus-visible');
      for (const name of ['api.js', 'once-form.js', 'operator.js', 'operator-login.js']) {
        const js = await get(h, null, `/app/assets/${name}`);
        expect(js.headers['content-type'], name).toBe('text/javascript; charset=utf-8');
        expect(js.headers['x-content-type-options']).toBe('nosniff');
      }
      const missing = await get(h, null, '/app/assets/../../package.json');
      expect(missing.statusCode).toBe(404);
      expect((await get(h, null, '/app/assets/nope.js')).json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    });
  });
});
