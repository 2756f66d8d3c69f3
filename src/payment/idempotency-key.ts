// Idempotency keys of charges and refunds: 1 to 255 visible ASCII characters, such as a UUID.
import { AppError } from '../errors/app-error.js';

/** The HTTP header that carries the key. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

const VISIBLE_ASCII = /^[\x21-\x7e]{1,255}$/;

/** Returns the key when it is 1 to 255 visible ASCII characters; PAYMENT_IDEMPOTENCY_KEY_INVALID otherwise. */
export function checkIdempotencyKey(key: unknown): string {
  if (typeof key !== 'string' || !VISIBLE_ASCII.test(key)) {
    const what = key === undefined || key === '' ? 'missing' : 'not 1 to 255 visible ASCII characters';
    throw new AppError('PAYMENT_IDEMPOTENCY_KEY_INVALID', `The idempotency key is ${what}`);
  }
  return key;
}
