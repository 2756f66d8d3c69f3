// Authentication of the public API: `Authorization: Bearer ik_…`. The verified key is kept per request
// in a WeakMap rather than a request decoration, so that no other server's request type changes.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { ApiKeyRecord } from './api-key.repository.js';
import type { ApiKeyService } from './api-key.service.js';

const verified = new WeakMap<FastifyRequest, ApiKeyRecord>();

/** A preHandler that verifies the bearer API key (API_KEY_MISSING, API_KEY_INVALID, API_KEY_REVOKED). */
export function authenticate(apiKeys: ApiKeyService): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') {
      throw new AppError('API_KEY_MISSING', 'The request has no Authorization header');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null || match[1] === undefined) {
      throw new AppError('API_KEY_INVALID', 'The Authorization header is not of the form Bearer ik_…');
    }
    verified.set(request, await apiKeys.verify(match[1]));
  };
}

/** The API key that `authenticate` verified for this request. */
export function apiKeyOf(request: FastifyRequest): ApiKeyRecord {
  const key = verified.get(request);
  if (key === undefined) throw new Error(`route ${request.url} reads the API key without the authenticate preHandler`);
  return key;
}

/** Checks the Idempotency-Key header: 1 to 255 visible ASCII characters (IDEMPOTENCY_KEY_MISSING, _INVALID). */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined || raw === '') throw new AppError('IDEMPOTENCY_KEY_MISSING');
  if (typeof raw !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(raw)) {
    throw new AppError('IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key header must be one value of 1 to 255 visible ASCII characters');
  }
  return raw;
}
