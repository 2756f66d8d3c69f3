// Authentication of the public API: missing, malformed, unknown and revoked keys, and key isolation.
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../helpers/dialects.js';
import { buy, startHarness, stampRequest } from './helpers/web-harness.js';

forEachDialect((_dialect, open) => {
  describe('API keys', () => {
    it('refuses a request without a key with 401 API_KEY_MISSING and a WWW-Authenticate header', async () => {
      const h = await startHarness(open);
      const res = await h.app.inject({ url: '/v1/stamps' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json()).toMatchObject({ statusCode: 401, code: 'API_KEY_MISSING', error: 'Unauthorized' });
      expect(typeof res.json().requestId).toBe('string');
    });

    it('refuses a malformed header and an unknown key with 401 API_KEY_INVALID', async () => {
      const h = await startHarness(open);
      const unknownKey = `Bearer ik_${'A'.repeat(43)}`;
      for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer short', unknownKey, h.auth.replace('Bearer ', 'Bearer x')]) {
        const res = await h.app.inject({ url: '/v1/stamps', headers: { authorization } });
        expect(res.statusCode, authorization).toBe(401);
        expect(res.json().code, authorization).toBe('API_KEY_INVALID');
      }
    });

    it('authenticates before anything else: a purchase without a key is 401 even without Idempotency-Key or body', async () => {
      const h = await startHarness(open);
      const res = await h.app.inject({ method: 'POST', url: '/v1/stamps', payload: { nonsense: true } });
      expect(res.statusCode).toBe(401);
      expect(h.fakes[0]!.dispenseCalls).toBe(0);
    });

    it('refuses a revoked key with 401 API_KEY_REVOKED, at once on the server that revoked it', async () => {
      const h = await startHarness(open);
      expect((await h.app.inject({ url: '/v1/stamps', headers: { authorization: h.auth } })).statusCode).toBe(200);
      const revoked = await h.app.web.apiKeys.revoke(h.apiKeyId);
      expect(revoked.revokedAtMs).not.toBeNull();
      const res = await buy(h, 'after-revoke', [stampRequest()]);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('API_KEY_REVOKED');
      expect(h.fakes[0]!.dispenseCalls).toBe(0);
    });

    it('stores only a SHA-256 of the key, never the key, and lists keys without secrets', async () => {
      const h = await startHarness(open);
      const created = await h.app.web.apiKeys.create('second');
      expect(created.secret).toMatch(/^ik_[A-Za-z0-9_-]{43}$/);
      const rows = await h.db.query('SELECT * FROM api_keys');
      expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(created.secret.slice(3));
      const listed = await h.app.web.apiKeys.list();
      expect(listed.map((k) => k.name)).toEqual(['test user', 'second']);
      expect(listed[1]!.prefix).toBe(created.secret.slice(0, 10));
    });

    it('revoking an unknown key id is API_KEY_NOT_FOUND', async () => {
      const h = await startHarness(open);
      await expect(h.app.web.apiKeys.revoke('no-such-key')).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND' });
    });

    it('a key cannot read, render or list another key’s stamps', async () => {
      const h = await startHarness(open);
      const other = await h.app.web.apiKeys.create('other user');
      const otherAuth = `Bearer ${other.secret}`;
      const stamp = ((await buy(h, 'mine', [stampRequest()])).json() as { stamps: { id: string; links: Record<string, string> }[] }).stamps[0]!;
      for (const url of [stamp.links.self!, stamp.links.png!, stamp.links.svg!]) {
        const res = await h.app.inject({ url, headers: { authorization: otherAuth } });
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code, url).toBe('STAMP_NOT_FOUND');
        expect((await h.app.inject({ url, headers: { authorization: h.auth } })).statusCode, url).toBe(200);
      }
      const list = await h.app.inject({ url: '/v1/stamps', headers: { authorization: otherAuth } });
      expect(list.json()).toEqual({ stamps: [], nextCursor: null });
    });

    it('the same Idempotency-Key under two keys makes two separate purchases', async () => {
      const h = await startHarness(open);
      const other = await h.app.web.apiKeys.create('other user');
      const a = await buy(h, 'shared-key', [stampRequest()]);
      const b = await buy(h, 'shared-key', [stampRequest()], `Bearer ${other.secret}`);
      expect(a.statusCode).toBe(201);
      expect(b.statusCode).toBe(201);
      expect(a.json().purchaseId).not.toBe(b.json().purchaseId);
      expect(h.fakes[0]!.dispensedCount).toBe(2);
    });
  });
});
