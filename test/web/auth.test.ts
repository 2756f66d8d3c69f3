// Authentication of the public API by bearer key (and the API key service under it), on both dialects:
// missing, malformed, unknown, revoked, browser and legacy keys; hashes only; scoped lists and revocation.
// Sessions and CSRF are covered in test/accounts/accounts.test.ts.
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../helpers/dialects.js';
import { hashApiKey } from '../../src/web/api-key.service.js';
import { startAccountsApp } from '../accounts/accounts-app.js';
import { makeReadyAccount } from '../accounts/ready-account.js';

forEachDialect((_dialect, open) => {
  describe('API keys', () => {
    it('refuses a request without a key or cookie with 401 API_KEY_MISSING and a WWW-Authenticate header', async () => {
      const a = await startAccountsApp(open);
      const res = await a.app.inject({ url: '/test/principal' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json()).toMatchObject({ statusCode: 401, code: 'API_KEY_MISSING', error: 'Unauthorized' });
      expect(typeof res.json().requestId).toBe('string');
    });

    it('refuses a malformed header and an unknown key with 401 API_KEY_INVALID', async () => {
      const a = await startAccountsApp(open);
      const ready = await makeReadyAccount(a.db);
      for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer short', `Bearer ik_${'A'.repeat(43)}`, `Bearer x${ready.apiKeySecret}`]) {
        const res = await a.app.inject({ url: '/test/principal', headers: { authorization } });
        expect(res.statusCode, authorization).toBe(401);
        expect(res.json().code, authorization).toBe('API_KEY_INVALID');
      }
    });

    it('a valid key gives the principal of its account and user', async () => {
      const a = await startAccountsApp(open);
      const ready = await makeReadyAccount(a.db);
      const res = await a.app.inject({ url: '/test/principal', headers: { authorization: `Bearer ${ready.apiKeySecret}` } });
      expect(res.json()).toEqual({ accountId: ready.accountId, userId: ready.userId, role: 'owner', credentialId: ready.credentialId, via: 'api_key' });
      // makeReadyAccount's account may buy.
      expect((await a.app.inject({ method: 'POST', url: '/test/buy', headers: { authorization: `Bearer ${ready.apiKeySecret}` } })).json()).toEqual({ ok: true });
    });

    it('refuses a revoked key with API_KEY_REVOKED at once on the server that revoked it, though verify is cached', async () => {
      const a = await startAccountsApp(open);
      const ready = await makeReadyAccount(a.db);
      const auth = { authorization: `Bearer ${ready.apiKeySecret}` };
      expect((await a.app.inject({ url: '/test/principal', headers: auth })).statusCode).toBe(200);
      const revoked = await a.apiKeys.revoke(ready.credentialId, { accountId: ready.accountId });
      expect(revoked.revokedAtMs).not.toBeNull();
      const res = await a.app.inject({ url: '/test/principal', headers: auth });
      expect([res.statusCode, res.json().code]).toEqual([401, 'API_KEY_REVOKED']);
    });

    it('answers verify from its cache: a key revoked elsewhere works until the cache time passes', async () => {
      const a = await startAccountsApp(open);
      const ready = await makeReadyAccount(a.db);
      await a.apiKeys.verify(ready.apiKeySecret);
      // Revoked behind the service's back (as by another web server): still trusted until the cache expires.
      await a.db.execute('UPDATE api_keys SET revoked_at_ms = 1 WHERE id = ?', [ready.credentialId]);
      await expect(a.apiKeys.verify(ready.apiKeySecret)).resolves.toMatchObject({ id: ready.credentialId });
      a.clock.now += 30_001;
      await expect(a.apiKeys.verify(ready.apiKeySecret)).rejects.toMatchObject({ code: 'API_KEY_REVOKED' });
    });

    it('refuses a key made before accounts existed with API_KEY_NO_ACCOUNT', async () => {
      const a = await startAccountsApp(open);
      const secret = `ik_${'L'.repeat(43)}`;
      await a.db.execute('INSERT INTO api_keys (id, name, prefix, secret_hash, created_at_ms) VALUES (?, ?, ?, ?, ?)', ['legacy', 'old', secret.slice(0, 10), hashApiKey(secret), 1]);
      const res = await a.app.inject({ url: '/test/principal', headers: { authorization: `Bearer ${secret}` } });
      expect([res.statusCode, res.json().code]).toEqual([401, 'API_KEY_NO_ACCOUNT']);
      expect(res.json().message).toContain('Make a new API key');
    });

    it('a browser credential is never usable as a bearer key, even with its secret', async () => {
      const a = await startAccountsApp(open);
      const ready = await makeReadyAccount(a.db);
      const browser = await a.apiKeys.create('browser session 2', { accountId: ready.accountId, userId: ready.userId }, 'browser').catch(() => null);
      // One browser credential per user: makeReadyAccount's owner has one already.
      expect(browser).toBeNull();
      const other = await makeReadyAccount(a.db);
      await a.db.execute("DELETE FROM api_keys WHERE user_id = ? AND kind = 'browser'", [other.userId]);
      const made = await a.apiKeys.create('browser session', { accountId: other.accountId, userId: other.userId }, 'browser');
      const res = await a.app.inject({ url: '/test/principal', headers: { authorization: `Bearer ${made.secret}` } });
      expect([res.statusCode, res.json().code]).toEqual([401, 'API_KEY_INVALID']);
    });

    it('stores only a SHA-256 of the key, never the key, and lists an account’s keys without secrets', async () => {
      const a = await startAccountsApp(open);
      const ready = await makeReadyAccount(a.db);
      const created = await a.apiKeys.create('second', { accountId: ready.accountId, userId: ready.userId });
      expect(created.secret).toMatch(/^ik_[A-Za-z0-9_-]{43}$/);
      expect(created.record).toMatchObject({ accountId: ready.accountId, userId: ready.userId, kind: 'api' });
      const rows = await a.db.query('SELECT * FROM api_keys');
      expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(created.secret.slice(3));
      const listed = await a.apiKeys.list({ accountId: ready.accountId });
      // (makeReadyAccount runs on the real clock, the service on the test's: compare as sets.)
      expect(listed.map((k) => k.name).sort()).toEqual(['second', 'test key']);
      expect(listed.find((k) => k.name === 'second')!.prefix).toBe(created.secret.slice(0, 10));
      const other = await makeReadyAccount(a.db);
      expect((await a.apiKeys.list({ accountId: other.accountId })).map((k) => k.id)).toEqual([other.credentialId]);
    });

    it('revoking an unknown key id, or another account’s key, is API_KEY_NOT_FOUND', async () => {
      const a = await startAccountsApp(open);
      const one = await makeReadyAccount(a.db);
      const two = await makeReadyAccount(a.db);
      await expect(a.apiKeys.revoke('no-such-key')).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND' });
      await expect(a.apiKeys.revoke(one.credentialId, { accountId: two.accountId })).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND' });
      expect((await a.app.inject({ url: '/test/principal', headers: { authorization: `Bearer ${one.apiKeySecret}` } })).statusCode).toBe(200);
    });
  });
});
