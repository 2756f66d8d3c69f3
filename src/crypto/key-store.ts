// The software module's key-store folder: one JSON file per key pair, the private key sealed with
// AES-256-GCM (key-encryption.ts). Files are replaced atomically so a crash never leaves half a key.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.js';
import { isSignatureAlgorithm } from '../core/signature-algorithm.js';
import type { KeyBinding, SealedKey } from './key-encryption.js';

/** Format tag written in every key file, checked when reading. */
export const KEY_FILE_FORMAT = 'indicia-software-key-v1';

/** A software key id: 16 random bytes as 32 lowercase hex digits, also the file's name. */
export const SOFTWARE_KEY_ID = /^[0-9a-f]{32}$/;

const KEY_FILE_SUFFIX = '.key.json';

/** One key file: the public binding in the clear, the private key sealed. */
export interface StoredKey extends KeyBinding {
  /** When the key pair was generated (ISO 8601), for the operator. */
  readonly createdAt: string;
  readonly sealed: SealedKey;
}

/** Path of the file that holds `keyId` (the id must already match SOFTWARE_KEY_ID). */
export function keyFilePath(dir: string, keyId: string): string {
  return join(dir, `${keyId}${KEY_FILE_SUFFIX}`);
}

/** Creates the key-store folder when absent, readable by its owner only. */
export async function ensureKeyStoreDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `The key-store folder ${dir} cannot be created: ${String(cause)}`, { dir }, { cause });
  }
}

/** Ids of the keys in the folder, from the file names; temporary and foreign files are ignored. */
export async function listStoredKeyIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `The key-store folder ${dir} cannot be read: ${String(cause)}`, { dir }, { cause });
  }
  return names
    .filter((name) => name.endsWith(KEY_FILE_SUFFIX))
    .map((name) => name.slice(0, -KEY_FILE_SUFFIX.length))
    .filter((id) => SOFTWARE_KEY_ID.test(id))
    .sort();
}

/**
 * Writes a key file atomically: a temporary file in the same folder, fsync, rename over the final
 * name, then fsync of the folder so the rename itself survives a power cut.
 */
export async function writeStoredKey(dir: string, key: StoredKey): Promise<void> {
  const finalPath = keyFilePath(dir, key.keyId);
  const tempPath = join(dir, `.${key.keyId}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tempPath, 'wx', 0o600);
  try {
    await handle.writeFile(serializeStoredKey(key), 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tempPath, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tempPath, finalPath);
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads the key file of `keyId`; undefined when there is none. A malformed file throws CRYPTO_KEY_DECRYPT_FAILED. */
export async function readStoredKey(dir: string, keyId: string): Promise<StoredKey | undefined> {
  if (!SOFTWARE_KEY_ID.test(keyId)) return undefined;
  let text: string;
  try {
    text = await readFile(keyFilePath(dir, keyId), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `Key file of ${keyId} cannot be read: ${String(err)}`, { keyId }, { cause: err });
  }
  const key = parseStoredKey(text, keyId);
  if (key.keyId !== keyId) {
    throw new AppError('CRYPTO_KEY_DECRYPT_FAILED', `The file named for key ${keyId} holds key ${key.keyId}`, { keyId });
  }
  return key;
}

/** The JSON text of a key file. */
export function serializeStoredKey(key: StoredKey): string {
  const { keyId, algorithm, label, publicKeyPem, createdAt, sealed } = key;
  const body = {
    format: KEY_FILE_FORMAT,
    keyId,
    algorithm,
    label,
    publicKeyPem,
    createdAt,
    cipher: 'aes-256-gcm',
    iv: sealed.iv.toString('base64'),
    tag: sealed.tag.toString('base64'),
    ciphertext: sealed.ciphertext.toString('base64'),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Parses a key file's text; anything malformed throws CRYPTO_KEY_DECRYPT_FAILED naming `fileKeyId`. */
export function parseStoredKey(text: string, fileKeyId: string): StoredKey {
  const fail = (what: string): never => {
    throw new AppError('CRYPTO_KEY_DECRYPT_FAILED', `Key file of ${fileKeyId} is malformed: ${what}`, { keyId: fileKeyId });
  };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return fail('not JSON');
  }
  if (raw === null || typeof raw !== 'object') return fail('not a JSON object');
  if (raw.format !== KEY_FILE_FORMAT || raw.cipher !== 'aes-256-gcm') return fail('unknown format or cipher');
  const { keyId, algorithm, label, publicKeyPem, createdAt, iv, tag, ciphertext } = raw;
  if (typeof keyId !== 'string' || !SOFTWARE_KEY_ID.test(keyId)) return fail('bad keyId');
  if (typeof algorithm !== 'number' || !isSignatureAlgorithm(algorithm)) return fail('bad algorithm');
  if (typeof label !== 'string' || typeof publicKeyPem !== 'string' || typeof createdAt !== 'string') {
    return fail('label, publicKeyPem or createdAt is not a string');
  }
  if (typeof iv !== 'string' || typeof tag !== 'string' || typeof ciphertext !== 'string') return fail('sealed fields are not strings');
  const sealed = {
    iv: Buffer.from(iv, 'base64'),
    tag: Buffer.from(tag, 'base64'),
    ciphertext: Buffer.from(ciphertext, 'base64'),
  };
  return { keyId, algorithm, label, publicKeyPem, createdAt, sealed };
}
