// The HTTP client of the authority against the real authority app (listening on loopback), and the
// ledger driving resets through it, on SQLite and PostgreSQL.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureAlgorithm } from '../../src/core/signature-algorithm.js';
import { isAppError, type AppError } from '../../src/errors/app-error.js';
import { PsdLedger } from '../../src/ledger/psd-ledger.js';
import { isDefiniteRefusal } from '../../src/ledger/reset-authorizer.js';
import { AuthorityClient } from '../../src/processing/authority-client.js';
import { forEachDialect } from '../helpers/dialects.js';
import { LICENSE, openProcessingWorld, startTestAuthority, VENDOR_TOKEN } from './processing-world.js';

async function failure(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const otherKeyPem = (): string => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

forEachDialect((_dialect, open) => {
  describe('AuthorityClient', () => {
    it('fetches the authority key once at connect, and registers a key once', async () => {
      const authority = await startTestAuthority(open);
      const client = await AuthorityClient.connect({ baseUrl: authority.url, token: VENDOR_TOKEN, timeoutMs: 5_000 });
      const published = (await authority.get('/v1/authority')).publicKeyPem;
      expect(client.publicKeyPem).toBe(published);
      expect(await client.ensureLicense()).toBe(LICENSE);
      const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const first = await client.registerPsd(pem, SignatureAlgorithm.EcdsaP256);
      expect(first).toMatchObject({ psdId: 1, licenseNumber: LICENSE, algorithm: 1, certificateSerial: 1 });
      expect(first.certificatePem).toContain('BEGIN CERTIFICATE');
      expect(await client.registerPsd(pem, SignatureAlgorithm.EcdsaP256)).toEqual(first);
    });

    it('answers a verified authorization, the same one for a repeated transaction id, moving money once', async () => {
      const world = await openProcessingWorld(open, { depositMills: 100_000n });
      const psdId = world.psds[0]!.psd.psdId;
      const request = { licenseNumber: LICENSE, psdId, currentControlTotal: 0n, amount: 30_000n, transactionId: 'tx-1' };
      const a = await world.client.requestReset(request);
      expect(a).toMatchObject({ licenseNumber: LICENSE, psdId, oldControlTotalMills: 0n, newControlTotalMills: 30_000n, transactionId: 'tx-1' });
      const b = await world.client.requestReset(request);
      expect(b.signature.equals(a.signature)).toBe(true);
      expect(await world.authority.depositMills()).toBe(70_000n);
      const reused = await failure(world.client.requestReset({ ...request, amount: 1n }));
      expect(reused.code).toBe('RESET_TRANSACTION_ID_REUSED');
      const mismatch = await failure(world.client.requestReset({ ...request, transactionId: 'tx-2' }));
      expect([mismatch.code, isDefiniteRefusal(mismatch)]).toEqual(['CONTROL_TOTAL_MISMATCH', true]);
      const short = await failure(world.client.requestReset({ ...request, currentControlTotal: 30_000n, amount: 80_000n, transactionId: 'tx-3' }));
      expect([short.code, isDefiniteRefusal(short)]).toEqual(['DEPOSIT_INSUFFICIENT', true]);
      expect(await world.authority.depositMills()).toBe(70_000n);
    });

    it('refuses an authorization that does not verify: the reset stays pending, and is applied once with the right key', async () => {
      const world = await openProcessingWorld(open, { depositMills: 100_000n });
      const psdId = world.psds[0]!.psd.psdId;
      const misconfigured = await AuthorityClient.connect({ baseUrl: world.authority.url, token: VENDOR_TOKEN, timeoutMs: 5_000, publicKeyPem: otherKeyPem() });
      const wrong = new PsdLedger({ db: world.db, crypto: world.crypto, serverId: 'ps-1', licenseNumber: LICENSE, authorizer: misconfigured, authorityPublicKey: misconfigured.publicKeyPem });
      const failed = await failure(wrong.resetPsd(psdId, 20_000n));
      expect(failed.code).toBe('RESET_AUTHORITY_UNAVAILABLE');
      const cause = failed.cause as AppError;
      expect([cause.code, isDefiniteRefusal(cause)]).toEqual(['RESET_AUTHORIZATION_INVALID', false]);
      // The money moved at the authority; the PSD has not got it yet.
      expect((await world.ledger.listResets(psdId)).map((r) => r.state)).toEqual(['pending']);
      expect(await world.authority.depositMills()).toBe(80_000n);
      const recovered = await world.ledger.recoverPendingResets();
      expect(recovered.applied.map((r) => r.amount)).toEqual([20_000n]);
      expect((await world.ledger.getPsd(psdId)).registers.control).toBe(20_000n);
      expect(await world.authority.depositMills()).toBe(80_000n);
    });

    it('maps a wrong token and an unreachable authority to catalogued errors', async () => {
      const authority = await startTestAuthority(open);
      const wrongToken = await AuthorityClient.connect({ baseUrl: authority.url, token: 'not-the-vendor-token-0123456789', timeoutMs: 5_000 });
      expect((await failure(wrongToken.ensureLicense())).code).toBe('AUTHORITY_TOKEN_REJECTED');
      const key = wrongToken.publicKeyPem;
      await authority.app.close();
      const gone = await failure(AuthorityClient.connect({ baseUrl: authority.url, token: VENDOR_TOKEN, timeoutMs: 2_000 }));
      expect(gone.code).toBe('AUTHORITY_UNAVAILABLE');
      const offline = await AuthorityClient.connect({ baseUrl: authority.url, token: VENDOR_TOKEN, timeoutMs: 2_000, publicKeyPem: key });
      const reset = await failure(offline.requestReset({ licenseNumber: LICENSE, psdId: 1, currentControlTotal: 0n, amount: 1n, transactionId: 'tx-x' }));
      expect([reset.code, isDefiniteRefusal(reset)]).toEqual(['AUTHORITY_UNAVAILABLE', false]);
      const bad = await failure(AuthorityClient.connect({ baseUrl: authority.url, token: VENDOR_TOKEN, timeoutMs: 2_000, publicKeyPem: 'not a key' }));
      expect(bad.code).toBe('CONFIG_INVALID');
    });
  });
});
