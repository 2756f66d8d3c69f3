import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import { parseCertificateDirectory, parseCertificateDirectoryJson } from './certificate-directory.js';

const vectors = loadIndiciumVectors();
const [cert7, cert8] = vectors.directory.certificates as [Record<string, unknown>, Record<string, unknown>];

/** The problems a CERT_DIRECTORY_INVALID lists, or a marker when parsing did not fail that way. */
function problemsOf(document: unknown, authorityPublicKey?: string): string[] {
  try {
    parseCertificateDirectory(document, authorityPublicKey === undefined ? {} : { authorityPublicKey });
  } catch (err) {
    if (isAppError(err, 'CERT_DIRECTORY_INVALID')) return err.details?.problems as string[];
    throw err;
  }
  return ['(accepted)'];
}

describe('certificate directory', () => {
  it('reads the vectors’ directory, builds each key once and looks certificates up by serial', () => {
    const directory = parseCertificateDirectory(vectors.directory, { authorityPublicKey: vectors.authorityPublicPem });
    expect(directory.certificates.map((c) => c.serial)).toEqual([7, 8]);
    const seven = directory.findBySerial(7)!;
    expect(seven).toMatchObject({ licenseNumber: 40_001_234, psdId: 3, algorithm: 1, status: 'active' });
    expect(seven.publicKey.asymmetricKeyType).toBe('ec');
    expect(seven.notBefore.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(directory.findBySerial(8)!.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(directory.findBySerial(8)!.publicKey).toBe(directory.findBySerial(8)!.publicKey);
    expect(directory.findBySerial(9)).toBeUndefined();
    expect(seven.revokedAt).toBeUndefined();
  });

  it('reads the JSON text, and the revokedAt / suspendedAt extensions', () => {
    const document = { certificates: [{ ...cert7, status: 'revoked', revokedAt: '2026-06-01T12:00:00Z' }, { ...cert8, status: 'suspended', suspendedAt: '2026-07-01' }] };
    const directory = parseCertificateDirectoryJson(JSON.stringify(document));
    expect(directory.findBySerial(7)!.revokedAt?.toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(directory.findBySerial(8)!.suspendedAt?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(parseCertificateDirectory({ certificates: [{ ...cert7, revokedAt: null, extra: 'ignored' }] }).certificates).toHaveLength(1);
  });

  it('refuses what is not a directory', () => {
    for (const document of [null, [], 'x', {}, { certificates: {} }]) {
      expect(problemsOf(document)).toEqual(['the document is not an object with a "certificates" array']);
    }
    expect(() => parseCertificateDirectoryJson('{ "certificates": [')).toThrow(expect.objectContaining({ code: 'CERT_DIRECTORY_INVALID' }));
    expect(problemsOf({ certificates: [42] })).toEqual(['certificates[0] is not an object']);
  });

  it('lists every problem of every entry at once', () => {
    const broken = { ...cert7, serial: -1, licenseNumber: 2 ** 32, psdId: '3', algorithm: 3, status: 'lost', notBefore: '2026-01-01 00:00', revokedAt: 'soon' };
    expect(problemsOf({ certificates: [broken, { ...cert8, notAfter: undefined }] })).toEqual([
      'certificates[0].serial must be an integer from 0 to 4294967295',
      'certificates[0].licenseNumber must be an integer from 0 to 4294967295',
      'certificates[0].psdId must be an integer from 0 to 4294967295',
      'certificates[0].algorithm must be 1 (ECDSA P-256) or 2 (Ed25519)',
      'certificates[0].notBefore must be an ISO 8601 date, or date and time with a zone, such as 2026-01-01T00:00:00Z',
      'certificates[0].status must be "active", "suspended" or "revoked"',
      'certificates[0].revokedAt must be an ISO 8601 date, or date and time with a zone, such as 2026-01-01T00:00:00Z',
      'certificates[1].notAfter must be an ISO 8601 date, or date and time with a zone, such as 2026-01-01T00:00:00Z',
    ]);
  });

  it('refuses keys that do not match the algorithm, and periods that end before they start', () => {
    expect(problemsOf({ certificates: [{ ...cert7, algorithm: 2 }] })).toEqual(['certificates[0].publicKeyPem is an ec key, not a key of algorithm 2']);
    expect(problemsOf({ certificates: [{ ...cert7, publicKeyPem: 'not a key' }] })).toEqual(['certificates[0].publicKeyPem is not a PEM public key']);
    expect(problemsOf({ certificates: [{ ...cert7, notAfter: '2025-01-01T00:00:00Z' }] })).toEqual(['certificates[0].notAfter is earlier than notBefore']);
    expect(problemsOf({ certificates: [{ ...cert7, notAfter: '2027-02-30T00:00:00Z' }] })).toEqual([
      'certificates[0].notAfter must be an ISO 8601 date, or date and time with a zone, such as 2026-01-01T00:00:00Z',
    ]);
  });

  it('refuses a directory whose certificates contradict their entries or repeat a serial', () => {
    expect(problemsOf({ certificates: [{ ...cert7, certificatePem: cert8.certificatePem }] })).toEqual([
      'certificates[0].certificatePem has serial number 0x08, not 7',
      'certificates[0].certificatePem certifies another public key than publicKeyPem',
    ]);
    expect(problemsOf({ certificates: [{ ...cert7, certificatePem: 'garbage' }] })).toEqual(['certificates[0].certificatePem is not a PEM X.509 certificate']);
    expect(problemsOf({ certificates: [cert7, cert7] })).toEqual(['certificates[1].serial 7 appears twice']);
  });

  it('checks the authority’s signature on every certificate when given its key', () => {
    // The PSD test key is not the authority's key, so neither certificate carries its signature.
    expect(problemsOf(vectors.directory, vectors.testKeys.p256PublicPem)).toEqual([
      'certificates[0].certificatePem is not signed by the postal authority',
      'certificates[1].certificatePem is not signed by the postal authority',
    ]);
    expect(() => parseCertificateDirectory(vectors.directory, { authorityPublicKey: 'nonsense' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
