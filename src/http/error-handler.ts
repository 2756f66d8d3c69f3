// The one place where an error becomes an HTTP response, shared by every server of the system (the
// postal authority's and the vendor's). Every error body has one shape:
//   { statusCode, code, error, message, requestId, details? }
// The status follows from the catalogue kind (src/errors/http-status.ts). A 5xx body hides internals:
// it carries the catalogue's general message and the request id, and the full error goes to the log.
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { ERRORS } from '../errors/catalogue.js';
import { HTTP_STATUS } from '../errors/http-status.js';

/** The body of every error response. */
export interface ErrorResponseBody {
  readonly statusCode: number;
  /** A stable code from docs/errors.md. */
  readonly code: string;
  /** The HTTP reason phrase of the status, e.g. "Conflict". */
  readonly error: string;
  /** What went wrong and what to do. */
  readonly message: string;
  /** The id of the request in the server's log. */
  readonly requestId: string;
  /** Machine-readable particulars of a 4xx error (never of a 5xx). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Installs the error and not-found handlers on `app` (call it on the root instance, before the routes). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorResponse(error, request.id);
    if (body.statusCode >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    else request.log.info({ code: body.code, requestId: request.id }, body.message);
    return sendError(reply, body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const err = new AppError('ROUTE_NOT_FOUND', `No route for ${request.method} ${path}`, { method: request.method, path });
    return sendError(reply, toErrorResponse(err, request.id));
  });
}

/**
 * The response for any thrown value: an AppError by its kind; a Fastify validation error as
 * INVALID_ARGUMENT; another Fastify 4xx (bad JSON, wrong media type, body too large) as
 * REQUEST_INVALID with its own status; anything else as INTERNAL.
 */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponseBody {
  if (error instanceof AppError) return fromAppError(error, HTTP_STATUS[error.kind], requestId);
  const e = error as { validation?: unknown; code?: unknown; statusCode?: unknown; message?: unknown };
  const detail = typeof e?.message === 'string' ? e.message.replace(/\.$/, '') : undefined;
  if (e?.validation !== undefined) return fromAppError(new AppError('INVALID_ARGUMENT', detail), 400, requestId);
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (typeof e?.code === 'string' && e.code.startsWith('FST_') && status >= 400 && status < 500) {
    return fromAppError(new AppError('REQUEST_INVALID', detail, { frameworkCode: e.code }), status, requestId);
  }
  return fromAppError(new AppError('INTERNAL'), 500, requestId);
}

function fromAppError(err: AppError, status: number, requestId: string): ErrorResponseBody {
  const hidden = status >= 500;
  const def = ERRORS[err.code];
  return {
    statusCode: status,
    code: err.code,
    error: STATUS_CODES[status] ?? 'Error',
    message: hidden ? `${def.message}. ${def.fix}.` : err.message,
    requestId,
    ...(!hidden && err.details !== undefined ? { details: err.details } : {}),
  };
}

function sendError(reply: FastifyReply, body: ErrorResponseBody): FastifyReply {
  if (body.statusCode === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(body.statusCode).header('x-request-id', body.requestId).type('application/json; charset=utf-8').send(body);
}
