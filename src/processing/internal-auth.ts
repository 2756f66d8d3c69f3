// The internal token check: every route of a processing server answers only the vendor's own servers
// (the web server and the operator's CLI), which send the shared secret in INTERNAL_TOKEN_HEADER.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { INTERNAL_TOKEN_HEADER } from '../internal-api/dispense-contract.js';

/**
 * An onRequest hook refusing (INTERNAL_TOKEN_INVALID) a request without the right token. Tokens are
 * compared as SHA-256 digests with timingSafeEqual, so the time taken tells nothing about a guess.
 */
export function internalTokenCheck(token: string): onRequestAsyncHookHandler {
  const expected = digest(token);
  return async (request: FastifyRequest) => {
    const given = request.headers[INTERNAL_TOKEN_HEADER];
    if (typeof given !== 'string' || given === '' || !timingSafeEqual(digest(given), expected)) {
      throw new AppError('INTERNAL_TOKEN_INVALID', `The request carries no valid ${INTERNAL_TOKEN_HEADER} header`, { header: INTERNAL_TOKEN_HEADER });
    }
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
