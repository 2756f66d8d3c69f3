// Turns pkcs11js errors (Pkcs11Error whose message is the CKR_ name) into catalogued AppErrors.
import { AppError } from '../errors/app-error.js';

/** The CKR_ name of a PKCS#11 failure, or the error's message when it is not a Cryptoki return value. */
export function ckrName(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}

/** True when `err` is a PKCS#11 failure with one of the given CKR_ names. */
export function isCkr(err: unknown, ...names: readonly string[]): boolean {
  return names.includes(ckrName(err));
}

/** CRYPTO_MODULE_UNAVAILABLE saying which step failed and with which return value. */
export function pkcs11Unavailable(step: string, err: unknown, details: Record<string, unknown> = {}): AppError {
  if (err instanceof AppError) return err;
  const ckr = ckrName(err);
  return new AppError('CRYPTO_MODULE_UNAVAILABLE', `PKCS#11 ${step} failed: ${ckr}`, { ...details, step, ckr }, { cause: err });
}
