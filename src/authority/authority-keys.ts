// The authority's own key pair (ECDSA P-256) and self-signed root certificate. The private key is kept
// as an unencrypted PKCS#8 PEM file readable by its owner only (mode 0600) in the authority's data
// directory (itself 0700); the root certificate sits beside it. Both are made on first start.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import { createRootCertificate } from './certificate-issuer.js';
import { MS_PER_DAY, floorToSecondMs } from './time.js';

/** The authority's signing key and root certificate. */
export interface AuthorityKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** SubjectPublicKeyInfo PEM: what a vendor configures to verify reset authorizations. */
  readonly publicKeyPem: string;
  readonly rootCertificatePem: string;
}

/** How to make the root certificate when there is none yet. */
export interface RootOptions {
  readonly authorityName: string;
  readonly now: Date;
  /** Validity of the root certificate, in days. */
  readonly rootValidityDays: number;
}

/** File names inside the data directory. */
export const AUTHORITY_KEY_FILE = 'authority-key.pem';
export const AUTHORITY_ROOT_FILE = 'authority-root.pem';

/** Makes a fresh key pair and root certificate in memory (tests, or the first start). */
export async function createAuthorityKeys(options: RootOptions): Promise<AuthorityKeys> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return withRoot(privateKey, await makeRoot(privateKey, options));
}

/**
 * Loads the key and root certificate from `dir`, creating whichever is missing. Refuses a key file
 * that group or others can read (AUTHORITY_KEY_INSECURE) and a root that does not match the key
 * (AUTHORITY_KEY_INVALID).
 */
export async function loadOrCreateAuthorityKeys(dir: string, options: RootOptions): Promise<AuthorityKeys> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, AUTHORITY_KEY_FILE);
  const rootPath = join(dir, AUTHORITY_ROOT_FILE);
  const privateKey = readOrCreateKey(keyPath);
  let rootPem: string;
  try {
    rootPem = readFileSync(rootPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw keyInvalid(`${rootPath} cannot be read`, err);
    rootPem = await makeRoot(privateKey, options);
    writeFileSync(rootPath, rootPem, { mode: 0o644 });
  }
  return withRoot(privateKey, rootPem, rootPath);
}

function readOrCreateKey(keyPath: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(keyPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw keyInvalid(`${keyPath} cannot be read`, err);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // 'wx': never overwrite a key another process wrote meanwhile; chmod in case the umask narrowed less.
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(keyPath, 0o600);
    return privateKey;
  }
  // Group or other permission bits on the private key: someone else may hold a copy.
  if ((statSync(keyPath).mode & 0o077) !== 0) {
    throw new AppError('AUTHORITY_KEY_INSECURE', `${keyPath} has mode ${(statSync(keyPath).mode & 0o777).toString(8)}`, { path: keyPath });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw keyInvalid(`${keyPath} holds no readable private key`, err);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw keyInvalid(`${keyPath} holds a key that is not ECDSA P-256`);
  }
  return key;
}

async function makeRoot(privateKey: KeyObject, options: RootOptions): Promise<string> {
  const notBeforeMs = floorToSecondMs(options.now.getTime());
  return createRootCertificate({
    privateKey,
    publicKey: createPublicKey(privateKey),
    authorityName: options.authorityName,
    notBefore: new Date(notBeforeMs),
    notAfter: new Date(notBeforeMs + options.rootValidityDays * MS_PER_DAY),
    // 63 random bits, top bit clear: a positive serial unique without a counter.
    serial: (randomBytes(8).readBigUInt64BE() >> 1n) | 1n,
  });
}

function withRoot(privateKey: KeyObject, rootPem: string, where = 'the root certificate'): AuthorityKeys {
  const publicKey = createPublicKey(privateKey);
  let root: X509Certificate;
  try {
    root = new X509Certificate(rootPem);
  } catch (err) {
    throw keyInvalid(`${where} is not a readable X.509 certificate`, err);
  }
  if (!root.publicKey.equals(publicKey) || !root.verify(publicKey)) {
    throw keyInvalid(`${where} does not belong to the authority private key`);
  }
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    rootCertificatePem: root.toString(),
  };
}

function keyInvalid(detail: string, cause?: unknown): AppError {
  return new AppError('AUTHORITY_KEY_INVALID', detail, undefined, cause === undefined ? undefined : { cause });
}
