import type { ErrorKind } from './catalogue.js';

/** The one place where an error kind becomes an HTTP status. */
export const HTTP_STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid_input: 400,
  unauthenticated: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};
