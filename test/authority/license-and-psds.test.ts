import { X509Certificate, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCertificateDirectoryJson } from '../../src/verifier/certificate-directory.js';
import { forEachDialect } from '../helpers/dialects.js';
import { POLICY, authorityFixture, expectError, newPsdKey } from './authority-fixture.js';

interface Registration {
  psdId: number;
  licenseNumber: number;
  algorithm: number;
  certificateSerial: number;
  certificatePem: string;
  publicKeyPem: string;
  notBefore: string;
  notAfter: string;
}

forEachDialect((_dialect, open) => {
  describe('license', () => {
    it('assigns the configured license number once; a second request gets the same one', async () => {
      const f = await authorityFixture(open);
      const first = await f.vendor('POST', '/v1/license', { vendorName: 'Acme Postage' });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ licenseNumber: POLICY.licenseNumber, vendorName: 'Acme Postage' });
      const again = await f.vendor('POST', '/v1/license', { vendorName: 'Someone Else' });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      // No body at all is accepted too.
      const bare = await f.app.inject({ method: 'POST', url: '/v1/license', headers: { authorization: `Bearer ${'vendor-token-0123456789abcdef0123456789abcdef'}` } });
      expect(bare.statusCode).toBe(200);
      expect(bare.json()).toEqual(first.json());
    });

    it('draws a number when none is configured, and concurrent first requests all get the same one', async () => {
      const f = await authorityFixture(open, { policy: { licenseNumber: null } });
      const answers = await Promise.all(Array.from({ length: 6 }, () => f.vendor('POST', '/v1/license', {})));
      expect(answers.filter((a) => a.statusCode === 201).length).toBeGreaterThanOrEqual(1);
      const numbers = new Set(answers.map((a) => (a.json() as { licenseNumber: number }).licenseNumber));
      expect([...numbers]).toEqual([77_000_001]);
      const rows = await f.db.query('SELECT COUNT(*) AS n FROM authority_license');
      expect(rows[0]?.n).toBe(1n);
    });
  });

  describe('PSD registration and certificates', () => {
    it('refuses a PSD before the license is assigned', async () => {
      const f = await authorityFixture(open);
      expectError(await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(1), algorithm: 1 }), 'LICENSE_NOT_ASSIGNED');
    });

    it('issues sequential ids and serials and an X.509 certificate that node:crypto parses and verifies against the root', async () => {
      const f = await authorityFixture(open);
      await f.vendor('POST', '/v1/license', {});
      const root = new X509Certificate(((await f.app.inject({ method: 'GET', url: '/v1/authority' })).json() as { rootCertificatePem: string }).rootCertificatePem);
      const keys = [newPsdKey(1), newPsdKey(2), newPsdKey(1)];
      const regs: Registration[] = [];
      for (const [i, pem] of keys.entries()) {
        const res = await f.vendor('POST', '/v1/psds', { publicKeyPem: pem, algorithm: i === 1 ? 2 : 1 });
        expect(res.statusCode).toBe(201);
        regs.push(res.json() as Registration);
      }
      expect(regs.map((r) => [r.psdId, r.certificateSerial])).toEqual([[1, 1], [2, 2], [3, 3]]);
      for (const [i, reg] of regs.entries()) {
        const cert = new X509Certificate(reg.certificatePem);
        expect(BigInt(`0x${cert.serialNumber}`)).toBe(BigInt(reg.certificateSerial));
        expect(cert.subject).toBe(`O=License ${POLICY.licenseNumber}\nCN=PSD ${reg.psdId}`);
        expect(cert.publicKey.equals(createPublicKey(keys[i] as string))).toBe(true);
        expect(cert.verify(root.publicKey)).toBe(true);
        expect(cert.checkIssued(root)).toBe(true);
        expect(reg.notBefore).toBe('2026-03-01T12:00:00Z');
        expect(reg.notAfter).toBe('2028-02-29T12:00:00Z');
        expect(new Date(cert.validTo).toISOString()).toBe('2028-02-29T12:00:00.000Z');
      }
    });

    it('registering the same key again returns the first registration', async () => {
      const f = await authorityFixture(open);
      await f.vendor('POST', '/v1/license', {});
      const pem = newPsdKey(2);
      const first = await f.vendor('POST', '/v1/psds', { publicKeyPem: pem, algorithm: 2 });
      const again = await f.vendor('POST', '/v1/psds', { publicKeyPem: pem.replace(/\n/g, '\r\n'), algorithm: 2 });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
    });

    it('refuses a key that does not match its algorithm, and an unknown algorithm', async () => {
      const f = await authorityFixture(open);
      await f.vendor('POST', '/v1/license', {});
      expectError(await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(2), algorithm: 1 }), 'PSD_KEY_INVALID');
      expectError(await f.vendor('POST', '/v1/psds', { publicKeyPem: 'not a key', algorithm: 1 }), 'PSD_KEY_INVALID');
      expectError(await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(1), algorithm: 3 }), 'INVALID_ARGUMENT');
      expectError(await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(1), algorithm: 1, extra: true }), 'INVALID_ARGUMENT');
    });

    it('GET /v1/psds/:id shows the PSD; an unknown id is PSD_UNKNOWN', async () => {
      const f = await authorityFixture(open);
      await f.vendor('POST', '/v1/license', {});
      await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(1), algorithm: 1 });
      const res = await f.vendor('GET', '/v1/psds/1');
      expect(res.json()).toMatchObject({ psdId: 1, status: 'active', controlTotalMills: '0', nextInspectionDueAt: '2026-05-30T12:00:00Z' });
      expectError(await f.vendor('GET', '/v1/psds/99'), 'PSD_UNKNOWN');
      expectError(await f.vendor('GET', '/v1/psds/0'), 'INVALID_ARGUMENT');
    });
  });

  describe('certificate directory', () => {
    it('serves spec §7 exactly, public, and the verifier library parses it with the authority key', async () => {
      const f = await authorityFixture(open);
      await f.vendor('POST', '/v1/license', {});
      const regs = [
        (await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(1), algorithm: 1 })).json() as Registration,
        (await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(2), algorithm: 2 })).json() as Registration,
      ];
      const res = await f.app.inject({ method: 'GET', url: '/.well-known/indicia-certificates.json' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const doc = res.json() as { certificates: Record<string, unknown>[] };
      expect(Object.keys(doc)).toEqual(['certificates']);
      expect(doc.certificates).toEqual(
        regs.map((r) => ({
          serial: r.certificateSerial,
          licenseNumber: POLICY.licenseNumber,
          psdId: r.psdId,
          algorithm: r.algorithm,
          publicKeyPem: r.publicKeyPem,
          certificatePem: r.certificatePem,
          notBefore: r.notBefore,
          notAfter: r.notAfter,
          status: 'active',
        })),
      );
      const parsed = parseCertificateDirectoryJson(res.body, { authorityPublicKey: f.keys.publicKeyPem });
      expect(parsed.findBySerial(2)?.psdId).toBe(2);
      expect(parsed.findBySerial(2)?.algorithm).toBe(2);
    });
  });
});
