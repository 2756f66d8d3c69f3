import { generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRootCertificate, issuePsdCertificate, serialHex } from './certificate-issuer.js';
import { parsePsdPublicKey } from './psd-public-key.js';

const authority = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const notBefore = new Date('2026-01-01T00:00:00Z');
const notAfter = new Date('2028-01-01T00:00:00Z');

async function makeRoot(): Promise<X509Certificate> {
  const pem = await createRootCertificate({
    privateKey: authority.privateKey,
    publicKey: authority.publicKey,
    authorityName: 'Test Postal Authority',
    notBefore,
    notAfter: new Date('2046-01-01T00:00:00Z'),
    serial: 0x8f00_0000_0000_0001n,
  });
  return new X509Certificate(pem);
}

describe('createRootCertificate', () => {
  it('makes a self-signed CA certificate over the authority key', async () => {
    const root = await makeRoot();
    expect(root.subject).toBe('CN=Test Postal Authority');
    expect(root.issuer).toBe(root.subject);
    expect(root.ca).toBe(true);
    expect(root.verify(authority.publicKey)).toBe(true);
    expect(root.publicKey.equals(authority.publicKey)).toBe(true);
    expect(root.serialNumber.toLowerCase()).toBe('8f00000000000001');
  });
});

describe('issuePsdCertificate', () => {
  it.each([
    ['P-256', 1, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey],
    ['Ed25519', 2, generateKeyPairSync('ed25519').publicKey],
  ] as const)('certifies a %s PSD key that node:crypto parses and verifies against the root', async (_name, algorithm, psdKey) => {
    const root = await makeRoot();
    const psdPublicKey = parsePsdPublicKey(psdKey.export({ type: 'spki', format: 'pem' }).toString(), algorithm);
    const pem = await issuePsdCertificate({
      authorityPrivateKey: authority.privateKey,
      rootCertificatePem: root.toString(),
      psdPublicKey,
      licenseNumber: 40001234,
      psdId: 3,
      serial: 200,
      notBefore,
      notAfter,
    });
    const cert = new X509Certificate(pem);
    // 200 = 0xC8 has its top bit set, so DER needs a leading zero byte to keep it positive.
    expect(BigInt(`0x${cert.serialNumber}`)).toBe(200n);
    expect(cert.subject).toBe('O=License 40001234\nCN=PSD 3');
    expect(cert.issuer).toBe(root.subject);
    expect(cert.publicKey.equals(psdKey)).toBe(true);
    expect(cert.verify(root.publicKey)).toBe(true);
    expect(cert.checkIssued(root)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(new Date(cert.validFrom).toISOString()).toBe(notBefore.toISOString());
    expect(new Date(cert.validTo).toISOString()).toBe(notAfter.toISOString());
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(cert.verify(other)).toBe(false);
  });

  it('refuses a serial that does not fit the 4-byte indicium field', async () => {
    const root = await makeRoot();
    const psdPublicKey = parsePsdPublicKey(
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      2,
    );
    const base = { authorityPrivateKey: authority.privateKey, rootCertificatePem: root.toString(), psdPublicKey, licenseNumber: 1, psdId: 1, notBefore, notAfter };
    await expect(issuePsdCertificate({ ...base, serial: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(issuePsdCertificate({ ...base, serial: 2 ** 32 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('serialHex', () => {
  it('gives even-length positive DER integer contents', () => {
    expect(serialHex(1n)).toBe('01');
    expect(serialHex(0x7fn)).toBe('7f');
    expect(serialHex(0x80n)).toBe('0080');
    expect(serialHex(0x100n)).toBe('0100');
    expect(serialHex(0xffff_ffffn)).toBe('00ffffffff');
    expect(() => serialHex(0n)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('parsePsdPublicKey', () => {
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const ed = generateKeyPairSync('ed25519');
  const pem = (k: KeyObject): string => k.export({ type: 'spki', format: 'pem' }).toString();

  it('accepts P-256 for algorithm 1 and Ed25519 for algorithm 2, normalizing the PEM', () => {
    expect(parsePsdPublicKey(pem(p256.publicKey), 1).pem).toBe(pem(p256.publicKey));
    const messy = `\n${pem(ed.publicKey).replace(/\n/g, '\r\n')}`;
    expect(parsePsdPublicKey(messy, 2).pem).toBe(pem(ed.publicKey));
  });

  it.each([
    ['an Ed25519 key for algorithm 1', (): string => pem(ed.publicKey), 1],
    ['a P-256 key for algorithm 2', (): string => pem(p256.publicKey), 2],
    ['a P-384 key', (): string => pem(p384.publicKey), 1],
    ['an unknown algorithm', (): string => pem(p256.publicKey), 3],
    ['a private key', (): string => p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 1],
    ['garbage inside the armour', (): string => '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 1],
  ] as const)('refuses %s with PSD_KEY_INVALID', (_name, text, algorithm) => {
    expect(() => parsePsdPublicKey(text(), algorithm)).toThrow(expect.objectContaining({ code: 'PSD_KEY_INVALID' }));
  });
});
