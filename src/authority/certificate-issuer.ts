// The authority's certificate authority: a self-signed root over its P-256 key, and one X.509
// certificate per PSD key whose serial number is the certificate serial of indicium v1 (§2, §3).
// Keys and dates are arguments; nothing here reads the clock or the disk.
//
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata
// API: the polyfill must be loaded before the library.
import 'reflect-metadata';
import { webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { AppError } from '../errors/app-error.js';
import type { PsdPublicKey } from './psd-public-key.js';

const SIGNING = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
// node's webcrypto is a full WebCrypto; the library is typed with the DOM's Crypto, which this project's
// lib settings do not declare, so the type is taken from the library's own signature.
type WebCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type SigningKey = x509.X509CertificateCreateWithKeyParams['signingKey'];
const CRYPTO = webcrypto as unknown as WebCrypto;

/** What the root certificate is made from. */
export interface RootCertificateRequest {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The authority's name, e.g. "Postal Authority"; it becomes the CN of issuer and subject. */
  readonly authorityName: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** A positive integer; the root's serial never appears in an indicium. */
  readonly serial: bigint;
}

/** What a PSD certificate is made from. */
export interface PsdCertificateRequest {
  readonly authorityPrivateKey: KeyObject;
  readonly rootCertificatePem: string;
  readonly psdPublicKey: PsdPublicKey;
  readonly licenseNumber: number;
  readonly psdId: number;
  /** The certificate serial of the indicium: 1 to 2^32 − 1. */
  readonly serial: number;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Creates the self-signed root certificate of the authority (a CA that may sign end-entity certificates only). */
export async function createRootCertificate(req: RootCertificateRequest): Promise<string> {
  const signingKey = await importSigningKey(req.privateKey);
  const spki = req.publicKey.export({ type: 'spki', format: 'der' });
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialHex(req.serial),
      subject: `CN=${escapeDn(req.authorityName)}`,
      issuer: `CN=${escapeDn(req.authorityName)}`,
      notBefore: req.notBefore,
      notAfter: req.notAfter,
      publicKey: spki,
      signingKey,
      signingAlgorithm: SIGNING,
      extensions: [
        // Path length 0: the root signs PSD certificates and nothing that could sign further.
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(spki, false, CRYPTO),
      ],
    },
    CRYPTO,
  );
  return cert.toString('pem');
}

/**
 * Issues the X.509 certificate of one PSD key: subject O=License N, CN=PSD M; issuer the root's subject;
 * serial number the indicium's certificate serial; key usage digital signature only.
 */
export async function issuePsdCertificate(req: PsdCertificateRequest): Promise<string> {
  if (!Number.isInteger(req.serial) || req.serial < 1 || req.serial > 0xffff_ffff) {
    throw new AppError('INVALID_ARGUMENT', `Certificate serial ${req.serial} does not fit the 4-byte indicium field`);
  }
  const root = new x509.X509Certificate(req.rootCertificatePem);
  const signingKey = await importSigningKey(req.authorityPrivateKey);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialHex(BigInt(req.serial)),
      subject: `O=License ${req.licenseNumber}, CN=PSD ${req.psdId}`,
      issuer: root.subjectName,
      notBefore: req.notBefore,
      notAfter: req.notAfter,
      publicKey: req.psdPublicKey.spkiDer,
      signingKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.AuthorityKeyIdentifierExtension.create(root.publicKey, false, CRYPTO),
        await x509.SubjectKeyIdentifierExtension.create(req.psdPublicKey.spkiDer, false, CRYPTO),
      ],
    },
    CRYPTO,
  );
  return cert.toString('pem');
}

/** Hexadecimal DER INTEGER content of a positive serial: even length, a leading 00 when the top bit is set. */
export function serialHex(serial: bigint): string {
  if (serial < 1n) throw new AppError('INVALID_ARGUMENT', `Certificate serial ${serial} is not positive`);
  let hex = serial.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return parseInt(hex.slice(0, 1), 16) >= 8 ? `00${hex}` : hex;
}

async function importSigningKey(key: KeyObject): Promise<SigningKey> {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new AppError('AUTHORITY_KEY_INVALID', 'The authority signing key is not an ECDSA P-256 private key');
  }
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return CRYPTO.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

// RFC 4514: characters with a meaning in a DN string are escaped with a backslash.
function escapeDn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}
