import type { AuthorityContext } from '../context.js';
import type { PsdRecord } from '../records.js';
import { listPsds } from '../repositories/psd.repository.js';
import { isoSeconds } from '../time.js';

/** One certificate of the directory, exactly as indicium-v1.md §7 lists it, plus revokedAt/suspendedAt when set. */
export interface DirectoryCertificate {
  readonly serial: number;
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly algorithm: number;
  readonly publicKeyPem: string;
  readonly certificatePem: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly status: 'active' | 'suspended' | 'revoked';
  readonly revokedAt?: string;
  readonly suspendedAt?: string;
}

/** The certificate directory served at /.well-known/indicia-certificates.json, by serial. */
export async function buildDirectory(ctx: AuthorityContext): Promise<{ certificates: DirectoryCertificate[] }> {
  return { certificates: (await listPsds(ctx.db)).map(directoryEntry) };
}

/**
 * The directory entry of one PSD. A withdrawn PSD's certificate is listed as revoked from the moment
 * of withdrawal: indicia dated on or before that UTC day stay valid, later dates do not.
 */
export function directoryEntry(psd: PsdRecord): DirectoryCertificate {
  const status = psd.status === 'withdrawn' || psd.status === 'revoked' ? 'revoked' : psd.status;
  return {
    serial: psd.certificateSerial,
    licenseNumber: psd.licenseNumber,
    psdId: psd.psdId,
    algorithm: psd.algorithm,
    publicKeyPem: psd.publicKeyPem,
    certificatePem: psd.certificatePem,
    notBefore: isoSeconds(psd.notBeforeMs),
    notAfter: isoSeconds(psd.notAfterMs),
    status,
    ...(psd.revokedAtMs !== null ? { revokedAt: isoSeconds(psd.revokedAtMs) } : {}),
    ...(psd.suspendedAtMs !== null ? { suspendedAt: isoSeconds(psd.suspendedAtMs) } : {}),
  };
}
