import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../helpers/dialects.js';
import { VENDOR_TOKEN, authorityFixture, expectError, licensedWithPsd } from './authority-fixture.js';

const MS_PER_DAY = 86_400_000;

forEachDialect((_dialect, open) => {
  describe('authentication', () => {
    it('refuses vendor calls without a valid bearer token, and serves the public documents without one', async () => {
      const f = await authorityFixture(open);
      const none = await f.app.inject({ method: 'POST', url: '/v1/license', payload: {} });
      expectError(none, 'AUTH_TOKEN_INVALID');
      expect(none.headers['www-authenticate']).toBe('Bearer');
      const wrong = await f.app.inject({ method: 'GET', url: '/v1/deposit', headers: { authorization: `Bearer ${VENDOR_TOKEN}x` } });
      expectError(wrong, 'AUTH_TOKEN_INVALID');
      expectError(await f.app.inject({ method: 'GET', url: '/v1/deposit', headers: { authorization: VENDOR_TOKEN } }), 'AUTH_TOKEN_INVALID');
      expect((await f.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      expect((await f.app.inject({ method: 'GET', url: '/.well-known/indicia-certificates.json' })).json()).toEqual({ certificates: [] });
      const authority = (await f.app.inject({ method: 'GET', url: '/v1/authority' })).json() as { publicKeyPem: string };
      expect(authority.publicKeyPem).toBe(f.keys.publicKeyPem);
    });
  });

  describe('error responses', () => {
    it('unknown routes, bad JSON, wrong media types and oversized bodies have the one shape', async () => {
      const f = await authorityFixture(open);
      const auth = { authorization: `Bearer ${VENDOR_TOKEN}` };
      expectError(await f.app.inject({ method: 'GET', url: '/v1/nothing?x=1' }), 'ROUTE_NOT_FOUND');
      expectError(
        await f.app.inject({ method: 'POST', url: '/v1/resets', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"psdId": 1,' }),
        'REQUEST_INVALID',
        400,
      );
      expectError(
        await f.app.inject({ method: 'POST', url: '/v1/resets', headers: { ...auth, 'content-type': 'application/xml' }, payload: '<reset/>' }),
        'REQUEST_INVALID',
        415,
      );
      expectError(
        await f.app.inject({ method: 'POST', url: '/v1/psds', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ publicKeyPem: 'x'.repeat(70_000), algorithm: 1 }) }),
        'REQUEST_INVALID',
        413,
      );
      const missing = expectError(await f.vendor('POST', '/v1/resets', { psdId: 1 }), 'INVALID_ARGUMENT');
      expect(String(missing.message)).toContain('currentControlTotal');
    });

    it('a database failure answers 503 and hides its internals', async () => {
      const f = await authorityFixture(open);
      await f.db.close();
      const res = await f.app.inject({ method: 'GET', url: '/healthz' });
      const body = expectError(res, 'DATABASE_UNAVAILABLE');
      expect(String(body.message)).not.toMatch(/\/tmp|test_|closed|sqlite:|postgres:/);
    });
  });

  describe('suspension and revocation (operator)', () => {
    it('a suspended PSD is not reset but may be inspected, shows suspendedAt, and can be reinstated', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      expectError(await f.vendor('POST', `/v1/psds/${psdId}/suspend`), 'AUTH_FORBIDDEN');
      const suspended = await f.operator('POST', `/v1/psds/${psdId}/suspend`);
      expect(suspended.json()).toMatchObject({ status: 'suspended', suspendedAt: '2026-03-01T12:00:00.250Z' });
      expect((await f.operator('POST', `/v1/psds/${psdId}/suspend`)).json()).toEqual(suspended.json());
      const dir = (await f.app.inject({ method: 'GET', url: '/.well-known/indicia-certificates.json' })).json() as { certificates: object[] };
      expect(dir.certificates[0]).toMatchObject({ status: 'suspended', suspendedAt: '2026-03-01T12:00:00Z' });
      expect(dir.certificates[0]).not.toHaveProperty('revokedAt');
      expectError(await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '0', amount: '1000', transactionId: 'tx-1' }), 'PSD_SUSPENDED');
      const report = { psdId, registers: { ascending: '0', descending: '0', controlTotal: '0' }, pieceCount: 0, auditHead: '0'.repeat(64) };
      expect((await f.vendor('POST', '/v1/inspections', report)).statusCode).toBe(201);
      expect((await f.operator('POST', `/v1/psds/${psdId}/reinstate`)).json()).toMatchObject({ status: 'active', suspendedAt: null });
      expect((await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '0', amount: '1000', transactionId: 'tx-1' })).statusCode).toBe(200);
    });

    it('revoking a suspended PSD dates the revocation back to the suspension; a revoked PSD is not reset, but can be withdrawn', async () => {
      const f = await authorityFixture(open);
      const psdId = await licensedWithPsd(f, 1_000_000n);
      await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '0', amount: '5000', transactionId: 'tx-1' });
      await f.operator('POST', `/v1/psds/${psdId}/suspend`);
      f.clock.advanceMs(2 * MS_PER_DAY);
      const revoked = await f.operator('POST', `/v1/psds/${psdId}/revoke`);
      expect(revoked.json()).toMatchObject({ status: 'revoked', revokedAt: '2026-03-01T12:00:00.250Z' });
      expectError(await f.operator('POST', `/v1/psds/${psdId}/reinstate`), 'PSD_REVOKED');
      expectError(await f.vendor('POST', '/v1/resets', { psdId, currentControlTotal: '5000', amount: '1000', transactionId: 'tx-2' }), 'PSD_REVOKED');
      const withdrawn = await f.vendor('POST', `/v1/psds/${psdId}/withdraw`, { descendingRegister: '5000', controlTotal: '5000' });
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', creditedMills: '5000', revokedAt: '2026-03-01T12:00:00Z' });
      expect((await f.operator('POST', `/v1/psds/${psdId}/revoke`)).json()).toMatchObject({ status: 'withdrawn' });
      expectError(await f.operator('POST', `/v1/psds/${psdId}/suspend`), 'PSD_WITHDRAWN');
      expectError(await f.operator('POST', '/v1/psds/9/revoke'), 'PSD_UNKNOWN');
    });
  });
});
