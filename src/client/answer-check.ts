// Checks that a successful answer has the shape the API documents before anyone relies on it: a paid
// stamp must never be dropped because a field was silently missing. Throws CLIENT_ANSWER_INVALID.
import { AppError } from '../errors/app-error.js';
import type { Health, Purchase, Stamp, StampPage } from './types.js';

const INDICIUM_BYTES = 117;
const DECIMAL = /^[0-9]+$/;
const INTEGER_FIELDS = ['version', 'algorithm', 'licenseNumber', 'certificateSerial', 'psdId', 'pieceCount', 'dateOfMailing', 'originZip', 'destinationZip', 'rateCategory', 'softwareId'] as const;
const DECIMAL_FIELDS = ['ascendingRegister', 'descendingRegister', 'postage', 'medium'] as const;

function invalid(what: string, context: string): AppError {
  return new AppError('CLIENT_ANSWER_INVALID', `The answer to ${context}: ${what}`, { context });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one stamp of an answer: ids, a base64 indicium of 117 bytes, integer and decimal-string fields. */
export function checkStamp(value: unknown, context: string): Stamp {
  if (!isObject(value)) throw invalid('a stamp is not an object', context);
  const where = typeof value.id === 'string' ? `stamp ${value.id}` : 'a stamp';
  for (const key of ['id', 'purchaseId', 'indicium', 'dispensedAt'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') throw invalid(`${where} has no ${key}`, context);
  }
  if (Buffer.from(value.indicium as string, 'base64').length !== INDICIUM_BYTES) throw invalid(`${where} has an indicium that is not ${INDICIUM_BYTES} bytes`, context);
  const fields = value.fields;
  if (!isObject(fields)) throw invalid(`${where} has no fields`, context);
  for (const key of INTEGER_FIELDS) if (!Number.isSafeInteger(fields[key])) throw invalid(`${where} has no integer fields.${key}`, context);
  for (const key of DECIMAL_FIELDS) {
    if (typeof fields[key] !== 'string' || !DECIMAL.test(fields[key])) throw invalid(`${where} has no decimal string fields.${key}`, context);
  }
  if (!Array.isArray(value.humanReadable) || !value.humanReadable.every((l) => typeof l === 'string')) throw invalid(`${where} has no humanReadable lines`, context);
  if (!isObject(value.links)) throw invalid(`${where} has no links`, context);
  return value as unknown as Stamp;
}

/** Checks a purchase answer, including that it holds exactly the `expected` number of stamps of that purchase. */
export function checkPurchase(value: unknown, expected: number, context: string): Purchase {
  if (!isObject(value) || typeof value.purchaseId !== 'string' || !Array.isArray(value.stamps)) throw invalid('it is not a purchase', context);
  if (value.stamps.length !== expected) throw invalid(`it holds ${value.stamps.length} stamps, not the ${expected} asked for`, context);
  const stamps = value.stamps.map((s) => checkStamp(s, context));
  const other = stamps.find((s) => s.purchaseId !== value.purchaseId);
  if (other !== undefined) throw invalid(`stamp ${other.id} belongs to purchase ${other.purchaseId}, not ${value.purchaseId}`, context);
  return { purchaseId: value.purchaseId, stamps };
}

/** Checks a page of the stamp list. */
export function checkStampPage(value: unknown, context: string): StampPage {
  if (!isObject(value) || !Array.isArray(value.stamps)) throw invalid('it is not a page of stamps', context);
  if (value.nextCursor !== null && typeof value.nextCursor !== 'string') throw invalid('its nextCursor is neither a string nor null', context);
  return { stamps: value.stamps.map((s) => checkStamp(s, context)), nextCursor: value.nextCursor };
}

/** Checks a probe answer. */
export function checkHealth(value: unknown, context: string): Health {
  if (!isObject(value) || !['ok', 'ready', 'not_ready'].includes(value.status as string)) throw invalid('it has no status', context);
  return value as unknown as Health;
}
