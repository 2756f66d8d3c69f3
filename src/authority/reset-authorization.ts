// A reset authorization is the postal authority's signed answer to a reset request (psd-ledger.md,
// "Reset"): it says that the control total of one PSD of one license may go from `old` to `new`,
// because the authority has debited the vendor's deposit by the difference. The vendor's ledger
// verifies it with the authority's public key before it applies DR += a, CT += a.
//
// Pure: keys are arguments, no clock, no I/O. Both sides (authority and vendor) import this file, so the
// canonical bytes below are the contract between them.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

/** The signed fields of a reset authorization; money in mills. */
export interface ResetAuthorizationFields {
  readonly licenseNumber: number;
  readonly psdId: number;
  /** Control total the PSD held before the reset, in mills. */
  readonly oldControlTotalMills: bigint;
  /** Control total after the reset, in mills; the reset amount is new − old (> 0). */
  readonly newControlTotalMills: bigint;
  /** The vendor-chosen id of the reset; asking again with it returns the same authorization. */
  readonly transactionId: string;
}

/** A reset authorization: its fields and the authority's 64-byte ECDSA P-256 signature (r||s). */
export interface ResetAuthorization extends ResetAuthorizationFields {
  readonly signature: Buffer;
}

/** The JSON form: money as decimal strings of mills, the signature in base64. */
export interface ResetAuthorizationJson {
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly oldControlTotalMills: string;
  readonly newControlTotalMills: string;
  readonly transactionId: string;
  readonly signature: string;
}

/**
 * Domain separation: these bytes start every signed message, so a reset authorization can never be
 * mistaken for an indicium (which starts with version 0x01) or for any other message the key signs.
 */
export const RESET_AUTHORIZATION_PREFIX = Buffer.from('IBI-RESET-AUTHORIZATION-V1\0', 'ascii');

/** Transaction ids: 1 to 128 printable ASCII characters without spaces (UUIDs fit). */
export const TRANSACTION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

const UINT32_MAX = 0xffff_ffff;
const UINT64_MAX = (1n << 64n) - 1n;
const SIGNATURE_BYTES = 64;

/**
 * The canonical bytes that are signed: prefix ‖ license (u32) ‖ PSD id (u32) ‖ old CT (u64) ‖ new CT (u64)
 * ‖ length of the transaction id (u8) ‖ its ASCII bytes; integers big-endian.
 * Throws INVALID_ARGUMENT when a field is out of range.
 */
export function resetAuthorizationBytes(fields: ResetAuthorizationFields): Buffer {
  checkFields(fields);
  const id = Buffer.from(fields.transactionId, 'ascii');
  const body = Buffer.alloc(4 + 4 + 8 + 8 + 1);
  body.writeUInt32BE(fields.licenseNumber, 0);
  body.writeUInt32BE(fields.psdId, 4);
  body.writeBigUInt64BE(fields.oldControlTotalMills, 8);
  body.writeBigUInt64BE(fields.newControlTotalMills, 16);
  body.writeUInt8(id.length, 24);
  return Buffer.concat([RESET_AUTHORIZATION_PREFIX, body, id]);
}

/** Signs the fields with the authority's P-256 private key (KeyObject or PKCS#8 PEM). */
export function signResetAuthorization(fields: ResetAuthorizationFields, authorityPrivateKey: KeyObject | string): ResetAuthorization {
  const key = typeof authorityPrivateKey === 'string' ? createPrivateKey(authorityPrivateKey) : authorityPrivateKey;
  assertP256(key);
  const signature = sign('sha256', resetAuthorizationBytes(fields), { key, dsaEncoding: 'ieee-p1363' });
  return { ...copyFields(fields), signature };
}

/**
 * True only when the authorization is well formed and its signature verifies with the authority's
 * public key (SPKI PEM or KeyObject). A malformed authorization yields false, never an exception.
 */
export function verifyResetAuthorization(authorization: ResetAuthorization, authorityPublicKey: string | KeyObject): boolean {
  const key = typeof authorityPublicKey === 'string' ? createPublicKey(authorityPublicKey) : authorityPublicKey;
  assertP256(key);
  if (!Buffer.isBuffer(authorization.signature) || authorization.signature.length !== SIGNATURE_BYTES) return false;
  let bytes: Buffer;
  try {
    bytes = resetAuthorizationBytes(authorization);
  } catch {
    return false;
  }
  return verify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, authorization.signature);
}

/** The amount of the reset in mills: new control total − old. */
export function resetAmountMills(fields: ResetAuthorizationFields): bigint {
  return fields.newControlTotalMills - fields.oldControlTotalMills;
}

/** The JSON form of an authorization. */
export function resetAuthorizationToJson(authorization: ResetAuthorization): ResetAuthorizationJson {
  return {
    licenseNumber: authorization.licenseNumber,
    psdId: authorization.psdId,
    oldControlTotalMills: authorization.oldControlTotalMills.toString(),
    newControlTotalMills: authorization.newControlTotalMills.toString(),
    transactionId: authorization.transactionId,
    signature: authorization.signature.toString('base64'),
  };
}

/** Parses the JSON form strictly; throws RESET_AUTHORIZATION_INVALID naming the first bad field. It does not verify. */
export function resetAuthorizationFromJson(json: unknown): ResetAuthorization {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) invalid('the authorization is not a JSON object');
  const o = json as Record<string, unknown>;
  const fields: ResetAuthorizationFields = {
    licenseNumber: jsonUint32(o, 'licenseNumber'),
    psdId: jsonUint32(o, 'psdId'),
    oldControlTotalMills: jsonMills(o, 'oldControlTotalMills'),
    newControlTotalMills: jsonMills(o, 'newControlTotalMills'),
    transactionId: typeof o.transactionId === 'string' ? o.transactionId : invalid('transactionId is not a string'),
  };
  checkFields(fields, invalid);
  const text = typeof o.signature === 'string' ? o.signature : invalid('signature is not a string');
  const signature = Buffer.from(text, 'base64');
  // Buffer.from skips characters that are not base64; re-encoding catches them.
  if (signature.length !== SIGNATURE_BYTES || signature.toString('base64') !== text) {
    invalid('signature is not 64 bytes of base64');
  }
  return { ...fields, signature };
}

// `fail` decides the error code: INVALID_ARGUMENT for a caller's fields, RESET_AUTHORIZATION_INVALID for received JSON.
function checkFields(f: ResetAuthorizationFields, fail: (detail: string) => never = bad): void {
  for (const name of ['licenseNumber', 'psdId'] as const) {
    const v = f[name];
    if (!Number.isInteger(v) || v < 1 || v > UINT32_MAX) fail(`${name} must be an integer from 1 to ${UINT32_MAX}`);
  }
  const { oldControlTotalMills: oldCt, newControlTotalMills: newCt } = f;
  if (typeof oldCt !== 'bigint' || typeof newCt !== 'bigint') fail('control totals must be bigint mills');
  if (oldCt < 0n || newCt > UINT64_MAX) fail('control totals must lie between 0 and 2^64 − 1 mills');
  if (newCt <= oldCt) fail('the new control total must exceed the old one (a reset adds a positive amount)');
  if (typeof f.transactionId !== 'string' || !TRANSACTION_ID_PATTERN.test(f.transactionId)) {
    fail('transactionId must be 1 to 128 characters of letters, digits, dot, underscore, colon or hyphen');
  }
}

function copyFields(f: ResetAuthorizationFields): ResetAuthorizationFields {
  return {
    licenseNumber: f.licenseNumber,
    psdId: f.psdId,
    oldControlTotalMills: f.oldControlTotalMills,
    newControlTotalMills: f.newControlTotalMills,
    transactionId: f.transactionId,
  };
}

function assertP256(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new AppError('AUTHORITY_KEY_INVALID', 'The authority key is not an ECDSA P-256 key');
  }
}

function jsonUint32(o: Record<string, unknown>, name: string): number {
  const v = o[name];
  return typeof v === 'number' && Number.isInteger(v) ? v : invalid(`${name} is not an integer`);
}

function jsonMills(o: Record<string, unknown>, name: string): bigint {
  const v = o[name];
  return typeof v === 'string' && /^\d{1,20}$/.test(v) ? BigInt(v) : invalid(`${name} is not a decimal string of mills`);
}

function bad(detail: string): never {
  throw new AppError('INVALID_ARGUMENT', `Reset authorization: ${detail}`, { detail });
}

function invalid(detail: string): never {
  throw new AppError('RESET_AUTHORIZATION_INVALID', `Reset authorization: ${detail}`, { detail });
}
