// Provisioning as `indicia init` / `indicia start` do it: key in the module → registration with the
// real authority → ledger, including the resumption of a provisioning a crash interrupted.
import { describe, expect, it } from 'vitest';
import { SignatureAlgorithm } from '../../src/core/signature-algorithm.js';
import { isAppError } from '../../src/errors/app-error.js';
import { ensurePsds, provisionPsd, psdKeyLabelPrefix, type ProvisionDeps } from '../../src/processing/provision.js';
import { forEachDialect } from '../helpers/dialects.js';
import { LICENSE, openProcessingWorld, SERVER_ID } from './processing-world.js';

forEachDialect((_dialect, open) => {
  describe('provisioning', () => {
    it('provisions a PSD with the id and certificate serial the authority assigned, registers zero', async () => {
      const world = await openProcessingWorld(open, { psds: 0 });
      const deps: ProvisionDeps = { crypto: world.crypto, ledger: world.ledger, registrar: world.client, serverId: SERVER_ID, licenseNumber: LICENSE };
      const ed = await provisionPsd(deps, SignatureAlgorithm.Ed25519);
      const authorityView = await world.authority.get(`/v1/psds/${ed.psd.psdId}`);
      expect(authorityView).toMatchObject({ psdId: ed.psd.psdId, certificateSerial: ed.psd.certificateSerial, algorithm: 2, licenseNumber: LICENSE });
      expect(authorityView.publicKeyPem).toBe((await world.crypto.getKey(ed.psd.keyId)).publicKeyPem);
      expect(ed.psd).toMatchObject({ serverId: SERVER_ID, status: 'active', registers: { ascending: 0n, descending: 0n, control: 0n, pieceCount: 0 } });
      expect(ed.certificatePem).toBe(authorityView.certificatePem);
    });

    it('finishes provisioning a crash interrupted, then makes new PSDs up to the count', async () => {
      const world = await openProcessingWorld(open, { psds: 1 });
      const deps: ProvisionDeps = { crypto: world.crypto, ledger: world.ledger, registrar: world.client, serverId: SERVER_ID, licenseNumber: LICENSE };
      // Crash after the key was made; crash after the authority registered it.
      const keyOnly = await world.crypto.generateKeyPair(SignatureAlgorithm.EcdsaP256, `${psdKeyLabelPrefix(SERVER_ID)}crash-1`);
      const registeredOnly = await world.crypto.generateKeyPair(SignatureAlgorithm.EcdsaP256, `${psdKeyLabelPrefix(SERVER_ID)}crash-2`);
      const registration = await world.client.registerPsd(registeredOnly.publicKeyPem, registeredOnly.algorithm);
      // A key of another purpose in the same module is left alone.
      await world.crypto.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'something-else');
      const report = await ensurePsds(deps, 4);
      expect(report.resumed.map((p) => p.psd.keyId).sort()).toEqual([keyOnly.keyId, registeredOnly.keyId].sort());
      expect(report.resumed.find((p) => p.psd.keyId === registeredOnly.keyId)?.psd.psdId).toBe(registration.psdId);
      expect(report.created).toHaveLength(1);
      expect(report.active).toBe(4);
      const psds = await world.ledger.listPsds();
      expect(psds.map((p) => p.psdId)).toEqual([1, 2, 3, 4]);
      expect((await ensurePsds(deps, 4)).created).toEqual([]);
    });

    it('refuses a registration under another license than the configured one', async () => {
      const world = await openProcessingWorld(open, { psds: 0 });
      const deps: ProvisionDeps = { crypto: world.crypto, ledger: world.ledger, registrar: world.client, serverId: SERVER_ID, licenseNumber: LICENSE + 1 };
      const err = await provisionPsd(deps).catch((e: unknown) => e);
      expect(isAppError(err, 'CONFIG_INVALID')).toBe(true);
      expect(await world.ledger.listPsds()).toEqual([]);
    });
  });
});
