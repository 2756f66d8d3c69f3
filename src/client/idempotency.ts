// Idempotency keys on the client side. A key is made once per logical purchase and reused by every
// retry; a batch has one key, and each of its purchases a key derived from it, so that running the same
// batch again with the same key buys nothing twice.
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

/** The longest key the server takes. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
// The server's rule: 1 to 255 visible ASCII characters.
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/** A fresh key for one purchase (a random UUID). */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/** Returns the key when the server would take it; IDEMPOTENCY_KEY_INVALID otherwise. */
export function checkIdempotencyKey(key: string): string {
  if (typeof key !== 'string' || !VALID_KEY.test(key)) {
    throw new AppError('IDEMPOTENCY_KEY_INVALID', `${JSON.stringify(String(key)).slice(0, 80)} is not 1 to 255 visible ASCII characters`);
  }
  return key;
}

/**
 * The key of purchase `index` (0-based) of a batch: `BATCHKEY.1`, `BATCHKEY.2`, …. A batch key too
 * long to take the suffix is replaced by its SHA-256 in hex first. Deterministic: the same batch key
 * gives the same purchase keys on every run, whatever the batch's size.
 */
export function deriveChunkKey(batchKey: string, index: number): string {
  checkIdempotencyKey(batchKey);
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`chunk index ${index} is not a non-negative integer`);
  const suffix = `.${index + 1}`;
  const base = batchKey.length + suffix.length <= MAX_IDEMPOTENCY_KEY_LENGTH ? batchKey : createHash('sha256').update(batchKey, 'utf8').digest('hex');
  return `${base}${suffix}`;
}

/** Splits `items` into consecutive chunks of at most `size` items (the last may be shorter). */
export function splitIntoChunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`chunk size ${size} is not a positive integer`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
