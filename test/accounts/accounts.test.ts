// The accounts part through its routes, on SQLite and PostgreSQL: sign-up to ready to buy, logins and
// throttling, sessions and their expiry, CSRF, roles, members and invitations, and isolation of accounts.
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../helpers/dialects.js';
import { asBrowser, browserOf, signup, startAccountsApp, tokenFromOutbox, type AccountsApp, type Browser } from './accounts-app.js';
import { TEST_ADDRESS } from './ready-account.js';

const HOUR = 3_600_000;

async function signedUp(a: AccountsApp, email: string): Promise<Browser> {
  const res = await signup(a, email);
  expect(res.statusCode, res.body).toBe(201);
  return browserOf(res);
}

async function verifyAndAddress(a: AccountsApp, email: string, b: Browser): Promise<void> {
  const token = await tokenFromOutbox(a, email, 'verify-email');
  expect((await a.app.inject({ method: 'POST', url: '/v1/email/verify', payload: { token } })).statusCode).toBe(200);
  const put = await a.app.inject({ method: 'PUT', url: '/v1/account/address', headers: asBrowser(b), payload: TEST_ADDRESS });
  expect(put.statusCode, put.body).toBe(200);
}

forEachDialect((_dialect, open) => {
  describe('sign-up to ready to buy', () => {
    it('signs up, reads the token from the outbox, verifies, sets the address and is then ready', async () => {
      const a = await startAccountsApp(open);
      const res = await signup(a, 'Ada@Example.com');
      expect(res.statusCode, res.body).toBe(201);
      const cookie = res.headers['set-cookie'] as string;
      expect(cookie).toMatch(/^indicia_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
      const body = res.json();
      expect(body.user).toMatchObject({ email: 'ada@example.com', role: 'owner', status: 'active', emailVerified: false });
      expect(body.account).toMatchObject({ name: 'Acme Mail Room', status: 'active', address: null });
      const b = browserOf(res);

      const mails = await a.services.outbox.list({ to: 'ada@example.com' });
      expect(mails).toHaveLength(1);
      expect(mails[0]!.body).toMatch(/\/verify-email\?token=[A-Za-z0-9_-]{43}/);

      let me = await a.app.inject({ url: '/v1/me', headers: asBrowser(b, false) });
      expect(me.json().readyToBuy).toEqual({ ready: false, missing: ['ACCOUNT_EMAIL_UNVERIFIED', 'ACCOUNT_ADDRESS_MISSING'] });
      expect(me.json().csrfToken).toBe(b.csrf);
      const buy = await a.app.inject({ method: 'POST', url: '/test/buy', headers: asBrowser(b) });
      expect(buy.statusCode).toBe(403);
      expect(buy.json().code).toBe('ACCOUNT_EMAIL_UNVERIFIED');

      // The session's browser credential is an api_keys row of kind 'browser', hidden from listings.
      const rows = await a.db.query("SELECT kind FROM api_keys WHERE user_id = ?", [body.user.id]);
      expect(rows.map((r) => r.kind)).toEqual(['browser']);
      expect((await a.app.inject({ url: '/v1/api-keys', headers: asBrowser(b, false) })).json()).toEqual({ keys: [] });

      await verifyAndAddress(a, 'ada@example.com', b);
      a.clock.now += 10_000; // past the readiness cache
      me = await a.app.inject({ url: '/v1/me', headers: asBrowser(b, false) });
      expect(me.json().user.emailVerified).toBe(true);
      expect(me.json().account.address).toEqual({ ...TEST_ADDRESS });
      expect(me.json().readyToBuy).toEqual({ ready: true, missing: [] });
      expect((await a.app.inject({ method: 'POST', url: '/test/buy', headers: asBrowser(b) })).statusCode).toBe(200);
    });

    it('refuses a second use of a token, an unknown token, an expired one, and a taken email', async () => {
      const a = await startAccountsApp(open);
      await signedUp(a, 'bo@example.com');
      const token = await tokenFromOutbox(a, 'bo@example.com', 'verify-email');
      expect((await a.app.inject({ method: 'POST', url: '/v1/email/verify', payload: { token } })).statusCode).toBe(200);
      const again = await a.app.inject({ method: 'POST', url: '/v1/email/verify', payload: { token } });
      expect([again.statusCode, again.json().code]).toEqual([409, 'EMAIL_TOKEN_USED']);
      const unknown = await a.app.inject({ method: 'POST', url: '/v1/email/verify', payload: { token: 'x'.repeat(43) } });
      expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'EMAIL_TOKEN_INVALID']);

      await signedUp(a, 'cy@example.com');
      const late = await tokenFromOutbox(a, 'cy@example.com', 'verify-email');
      a.clock.now += 24 * HOUR;
      const expired = await a.app.inject({ method: 'POST', url: '/v1/email/verify', payload: { token: late } });
      expect([expired.statusCode, expired.json().code]).toEqual([400, 'EMAIL_TOKEN_EXPIRED']);

      const taken = await signup(a, 'BO@example.com');
      expect([taken.statusCode, taken.json().code]).toEqual([409, 'EMAIL_TAKEN']);
      const short = await signup(a, 'new@example.com', { password: 'short' });
      expect([short.statusCode, short.json().code]).toEqual([400, 'PASSWORD_TOO_SHORT']);
      const bad = await signup(a, 'not-an-email');
      expect([bad.statusCode, bad.json().code]).toEqual([400, 'EMAIL_INVALID']);
    });

    it('sends the verification again at most once a minute, with Retry-After', async () => {
      const a = await startAccountsApp(open);
      const b = await signedUp(a, 'di@example.com');
      const soon = await a.app.inject({ method: 'POST', url: '/v1/email/verification', headers: asBrowser(b) });
      expect([soon.statusCode, soon.json().code]).toEqual([429, 'EMAIL_VERIFICATION_RATE_LIMITED']);
      expect(soon.headers['retry-after']).toBe('60');
      a.clock.now += 61_000;
      const later = await a.app.inject({ method: 'POST', url: '/v1/email/verification', headers: asBrowser(b) });
      expect(later.statusCode, later.body).toBe(202);
      expect(await a.services.outbox.list({ to: 'di@example.com' })).toHaveLength(2);
    });

    it('checks the address: unknown state, ZIP of another state, malformed ZIP, empty field; owners only', async () => {
      const a = await startAccountsApp(open);
      const b = await signedUp(a, 'ed@example.com');
      const put = (payload: Record<string, unknown>) => a.app.inject({ method: 'PUT', url: '/v1/account/address', headers: asBrowser(b), payload: { ...TEST_ADDRESS, ...payload } });
      expect((await put({ state: 'XX' })).json().code).toBe('ADDRESS_STATE_UNKNOWN');
      const mismatch = await put({ state: 'NY' });
      expect(mismatch.json()).toMatchObject({ code: 'ADDRESS_ZIP_STATE_MISMATCH', details: { zipStates: ['CA'] } });
      expect((await put({ zip: '9410' })).json().code).toBe('ZIP_INVALID');
      expect((await put({ street: '   ' })).json()).toMatchObject({ code: 'ADDRESS_FIELD_INVALID', details: { field: 'street' } });
      const ok = await put({ state: 'ny', zip: '10001-0001', city: 'New York' });
      expect(ok.json().account.address).toMatchObject({ state: 'NY', zip: '10001-0001' });
    });
  });

  describe('login', () => {
    it('logs in and out; unknown email and wrong password get the same LOGIN_FAILED', async () => {
      const a = await startAccountsApp(open);
      await signedUp(a, 'fay@example.com');
      const wrong = await a.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'fay@example.com', password: 'wrong password!' } });
      const unknown = await a.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'nobody@example.com', password: 'wrong password!' } });
      expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'LOGIN_FAILED']);
      expect(unknown.json().message).toBe(wrong.json().message);
      const ok = await a.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'FAY@example.com', password: 'correct horse battery' } });
      expect(ok.statusCode, ok.body).toBe(200);
      const b = browserOf(ok);
      expect((await a.app.inject({ url: '/v1/me', headers: asBrowser(b, false) })).json().user.email).toBe('fay@example.com');
      const out = await a.app.inject({ method: 'DELETE', url: '/v1/session', headers: asBrowser(b) });
      expect(out.statusCode).toBe(204);
      expect(out.headers['set-cookie']).toContain('Max-Age=0');
      const after = await a.app.inject({ url: '/v1/me', headers: asBrowser(b, false) });
      expect([after.statusCode, after.json().code]).toEqual([401, 'SESSION_INVALID']);
    });

    it('throttles an email after 5 failures, even with the right password, until the window passes', async () => {
      const a = await startAccountsApp(open);
      await signedUp(a, 'gus@example.com');
      const login = (password: string) => a.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'gus@example.com', password } });
      for (let i = 0; i < 5; i++) expect((await login('wrong password!')).json().code).toBe('LOGIN_FAILED');
      const throttled = await login('correct horse battery');
      expect([throttled.statusCode, throttled.json().code]).toEqual([429, 'LOGIN_THROTTLED']);
      expect(throttled.headers['retry-after']).toBe('900');
      a.clock.now += 15 * 60_000 + 1;
      expect((await login('correct horse battery')).statusCode).toBe(200);
    });

    it('sets Secure on the cookie behind https', async () => {
      const a = await startAccountsApp(open);
      const res = await a.app.inject({ method: 'POST', url: '/v1/signup', headers: { 'x-forwarded-proto': 'https' }, payload: { email: 'hal@example.com', password: 'correct horse battery', accountName: 'H' } });
      expect(res.headers['set-cookie']).toMatch(/; Secure$/);
    });
  });

  describe('sessions and CSRF', () => {
    it('ends a session after 12 hours idle, and after 7 days however busy', async () => {
      const a = await startAccountsApp(open);
      const b = await signedUp(a, 'ida@example.com');
      const me = () => a.app.inject({ url: '/v1/me', headers: asBrowser(b, false) });
      a.clock.now += 11 * HOUR;
      expect((await me()).statusCode).toBe(200);
      a.clock.now += 11 * HOUR; // 11 h after the last use: still alive
      expect((await me()).statusCode).toBe(200);
      a.clock.now += 12 * HOUR + 1;
      expect((await me()).json().code).toBe('SESSION_EXPIRED');

      const login = await a.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'ida@example.com', password: 'correct horse battery' } });
      const c = browserOf(login);
      for (let i = 0; i < 15; i++) {
        a.clock.now += 12 * HOUR - 1;
        const res = await a.app.inject({ url: '/v1/me', headers: asBrowser(c, false) });
        // 14 steps of just under 12 h stay within 7 days; the 15th passes them.
        expect(res.statusCode, `after ${i + 1} half-days`).toBe(i === 14 ? 401 : 200);
      }
    });

    it('refuses unsafe requests of a session without the CSRF token or with a wrong one; bearer keys need none', async () => {
      const a = await startAccountsApp(open);
      const b = await signedUp(a, 'jo@example.com');
      const missing = await a.app.inject({ method: 'POST', url: '/test/principal', headers: asBrowser(b, false) });
      expect([missing.statusCode, missing.json().code]).toEqual([403, 'CSRF_TOKEN_MISSING']);
      const wrong = await a.app.inject({ method: 'POST', url: '/test/principal', headers: { cookie: b.cookie, 'x-csrf-token': 'x'.repeat(43) } });
      expect([wrong.statusCode, wrong.json().code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
      expect((await a.app.inject({ method: 'GET', url: '/test/principal', headers: asBrowser(b, false) })).statusCode).toBe(200);
      const ok = await a.app.inject({ method: 'POST', url: '/test/principal', headers: asBrowser(b) });
      expect(ok.json()).toMatchObject({ role: 'owner', via: 'session' });

      const key = await a.app.inject({ method: 'POST', url: '/v1/api-keys', headers: asBrowser(b), payload: { name: 'printer' } });
      expect(key.statusCode, key.body).toBe(201);
      const bearer = await a.app.inject({ method: 'POST', url: '/test/principal', headers: { authorization: `Bearer ${key.json().secret}` } });
      expect(bearer.json()).toMatchObject({ via: 'api_key', credentialId: key.json().key.id, accountId: ok.json().accountId, userId: ok.json().userId });
      // The session's credential is the user's browser key, not an API key.
      expect(ok.json().credentialId).not.toBe(key.json().key.id);
    });
  });

  describe('members, roles and isolation', () => {
    async function withMember(a: AccountsApp): Promise<{ owner: Browser; member: Browser; memberId: string }> {
      const owner = await signedUp(a, 'owner@example.com');
      const inv = await a.app.inject({ method: 'POST', url: '/v1/account/members', headers: asBrowser(owner), payload: { email: 'Mem@Example.com', role: 'member' } });
      expect(inv.statusCode, inv.body).toBe(201);
      expect(inv.json().member).toMatchObject({ email: 'mem@example.com', role: 'member', status: 'invited' });
      const noPassword = await a.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'mem@example.com', password: 'anything at all' } });
      expect(noPassword.json().code).toBe('LOGIN_FAILED');
      const token = await tokenFromOutbox(a, 'mem@example.com', 'invitation');
      const accepted = await a.app.inject({ method: 'POST', url: '/v1/invitations/accept', payload: { token, password: 'member password 1' } });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json().user).toMatchObject({ status: 'active', emailVerified: true });
      return { owner, member: browserOf(accepted), memberId: inv.json().member.id };
    }

    it('invites a member who accepts; members cannot manage members or the address', async () => {
      const a = await startAccountsApp(open);
      const { owner, member } = await withMember(a);
      const list = await a.app.inject({ url: '/v1/account/members', headers: asBrowser(owner, false) });
      expect(list.json().members.map((m: { email: string }) => m.email)).toEqual(['owner@example.com', 'mem@example.com']);
      for (const req of [
        { method: 'GET' as const, url: '/v1/account/members' },
        { method: 'POST' as const, url: '/v1/account/members', payload: { email: 'x@example.com', role: 'owner' } },
        { method: 'PUT' as const, url: '/v1/account/address', payload: TEST_ADDRESS },
      ]) {
        const res = await a.app.inject({ ...req, headers: asBrowser(member) });
        expect([res.statusCode, res.json().code], req.url).toEqual([403, 'ROLE_FORBIDDEN']);
      }
    });

    it('members see and revoke their own keys, owners all; the secret only in the POST answer', async () => {
      const a = await startAccountsApp(open);
      const { owner, member } = await withMember(a);
      const mk = async (b: Browser, name: string) => (await a.app.inject({ method: 'POST', url: '/v1/api-keys', headers: asBrowser(b), payload: { name } })).json();
      const ownerKey = await mk(owner, 'owner key');
      const memberKey = await mk(member, 'member key');
      expect(memberKey.secret).toMatch(/^ik_[A-Za-z0-9_-]{43}$/);
      const names = async (b: Browser) => (await a.app.inject({ url: '/v1/api-keys', headers: asBrowser(b, false) })).json().keys.map((k: { name: string }) => k.name);
      expect(await names(owner)).toEqual(['owner key', 'member key']);
      expect(await names(member)).toEqual(['member key']);
      const listed = await a.app.inject({ url: '/v1/api-keys', headers: asBrowser(owner, false) });
      expect(listed.body).not.toContain(memberKey.secret);
      const foreign = await a.app.inject({ method: 'DELETE', url: `/v1/api-keys/${ownerKey.key.id}`, headers: asBrowser(member) });
      expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'API_KEY_NOT_FOUND']);
      const revoked = await a.app.inject({ method: 'DELETE', url: `/v1/api-keys/${memberKey.key.id}`, headers: asBrowser(owner) });
      expect(revoked.json().key.revokedAt).not.toBeNull();
      const use = await a.app.inject({ url: '/test/principal', headers: { authorization: `Bearer ${memberKey.secret}` } });
      expect(use.json().code).toBe('API_KEY_REVOKED');
    });

    it('removing a member ends their sessions and keys; the last owner cannot be removed', async () => {
      const a = await startAccountsApp(open);
      const { owner, member, memberId } = await withMember(a);
      const key = (await a.app.inject({ method: 'POST', url: '/v1/api-keys', headers: asBrowser(member), payload: { name: 'k' } })).json();
      const me = (await a.app.inject({ url: '/v1/me', headers: asBrowser(owner, false) })).json();
      const last = await a.app.inject({ method: 'DELETE', url: `/v1/account/members/${me.user.id}`, headers: asBrowser(owner) });
      expect([last.statusCode, last.json().code]).toEqual([409, 'MEMBER_LAST_OWNER']);
      const removed = await a.app.inject({ method: 'DELETE', url: `/v1/account/members/${memberId}`, headers: asBrowser(owner) });
      expect(removed.json().member.status).toBe('removed');
      expect((await a.app.inject({ url: '/v1/me', headers: asBrowser(member, false) })).json().code).toBe('SESSION_INVALID');
      expect((await a.app.inject({ url: '/test/principal', headers: { authorization: `Bearer ${key.secret}` } })).json().code).toBe('API_KEY_REVOKED');
      const login = await a.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'mem@example.com', password: 'member password 1' } });
      expect(login.json().code).toBe('LOGIN_FAILED');
    });

    it('a user of account B cannot see or act on the keys or members of account A', async () => {
      const a = await startAccountsApp(open);
      const { memberId } = await withMember(a);
      const ownerA = browserOf(await a.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'owner@example.com', password: 'correct horse battery' } }));
      const keyA = (await a.app.inject({ method: 'POST', url: '/v1/api-keys', headers: asBrowser(ownerA), payload: { name: 'A key' } })).json();
      const ownerB = await signedUp(a, 'b-owner@example.com');
      const keysB = await a.app.inject({ url: '/v1/api-keys', headers: asBrowser(ownerB, false) });
      expect(keysB.json().keys).toEqual([]);
      const membersB = await a.app.inject({ url: '/v1/account/members', headers: asBrowser(ownerB, false) });
      expect(membersB.json().members.map((m: { email: string }) => m.email)).toEqual(['b-owner@example.com']);
      const revoke = await a.app.inject({ method: 'DELETE', url: `/v1/api-keys/${keyA.key.id}`, headers: asBrowser(ownerB) });
      expect([revoke.statusCode, revoke.json().code]).toEqual([404, 'API_KEY_NOT_FOUND']);
      const remove = await a.app.inject({ method: 'DELETE', url: `/v1/account/members/${memberId}`, headers: asBrowser(ownerB) });
      expect([remove.statusCode, remove.json().code]).toEqual([404, 'MEMBER_NOT_FOUND']);
      // A's key still works and A's member is still there.
      expect((await a.app.inject({ url: '/test/principal', headers: { authorization: `Bearer ${keyA.secret}` } })).statusCode).toBe(200);
      expect((await a.app.inject({ url: '/v1/account/members', headers: asBrowser(ownerA, false) })).json().members).toHaveLength(2);
    });
  });
});
