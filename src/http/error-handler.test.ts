import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { ERRORS } from '../errors/catalogue.js';
import { registerErrorHandler, toErrorResponse } from './error-handler.js';

function appThrowing(error: unknown): FastifyInstance {
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  app.get('/boom', async () => {
    throw error;
  });
  return app;
}

describe('registerErrorHandler', () => {
  it('maps an AppError to the status of its kind, with its message, details and the request id', async () => {
    const res = await appThrowing(new AppError('CONTROL_TOTAL_MISMATCH', 'PSD 3: sent 0, recorded 5', { psdId: 3 })).inject('/boom');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      statusCode: 409,
      code: 'CONTROL_TOTAL_MISMATCH',
      error: 'Conflict',
      message: `PSD 3: sent 0, recorded 5. ${ERRORS.CONTROL_TOTAL_MISMATCH.fix}.`,
      requestId: res.headers['x-request-id'],
      details: { psdId: 3 },
    });
  });

  it('hides the internals of an unexpected error behind INTERNAL and the request id', async () => {
    const res = await appThrowing(new Error('ENOENT: /srv/secret/authority-key.pem')).inject('/boom');
    expect(res.statusCode).toBe(500);
    const body = res.json() as Record<string, unknown>;
    expect(body).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      error: 'Internal Server Error',
      message: `${ERRORS.INTERNAL.message}. ${ERRORS.INTERNAL.fix}.`,
      requestId: res.headers['x-request-id'],
    });
    expect(res.body).not.toContain('secret');
  });

  it('keeps the code of a 5xx AppError but drops its detail and details', async () => {
    const res = await appThrowing(new AppError('DATABASE_UNAVAILABLE', 'pool at postgres://u:pw@db closed', { url: 'postgres://u:pw@db' })).inject('/boom');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: `${ERRORS.DATABASE_UNAVAILABLE.message}. ${ERRORS.DATABASE_UNAVAILABLE.fix}.` });
    expect(res.body).not.toContain('pw');
  });

  it('answers an unknown route with ROUTE_NOT_FOUND, without the query string', async () => {
    const res = await appThrowing(new Error('unused')).inject('/nowhere?token=abc');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', error: 'Not Found' });
    expect(res.body).not.toContain('abc');
  });

  it('sets WWW-Authenticate on a 401', async () => {
    const res = await appThrowing(new AppError('AUTH_TOKEN_INVALID')).inject('/boom');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('toErrorResponse', () => {
  it('turns a schema validation error into INVALID_ARGUMENT and a framework 4xx into REQUEST_INVALID with its status', () => {
    const validation = Object.assign(new Error('body/amount must match pattern "^[0-9]+$"'), { validation: [{}], statusCode: 400 });
    expect(toErrorResponse(validation, 'r1')).toMatchObject({ statusCode: 400, code: 'INVALID_ARGUMENT', requestId: 'r1' });
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toErrorResponse(tooLarge, 'r2')).toMatchObject({ statusCode: 413, code: 'REQUEST_INVALID', error: 'Payload Too Large' });
    // A 4xx status on an error that is not the framework's is not trusted.
    const foreign = Object.assign(new Error('upstream said 404 for /internal/path'), { statusCode: 404 });
    expect(toErrorResponse(foreign, 'r3')).toMatchObject({ statusCode: 500, code: 'INTERNAL' });
  });
});
