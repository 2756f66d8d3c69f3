// The error the client throws when the server answered with an error status. It is an AppError, so the
// command line prints it like any catalogued error, and it keeps what the server said: status, code,
// message and request id.
import { AppError } from '../errors/app-error.js';
import { ERRORS, type ErrorCode } from '../errors/catalogue.js';

/** What the server's error body holds (src/http/error-handler.ts). */
export interface ErrorBody {
  readonly statusCode?: number;
  readonly code?: string;
  readonly error?: string;
  readonly message?: string;
  readonly requestId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An error answer of the vendor's web server. */
export class IndiciaApiError extends AppError {
  /** The HTTP status of the answer. */
  readonly statusCode: number;
  /** The code exactly as the server sent it (also when this client's catalogue does not know it). */
  readonly serverCode: string | undefined;
  /** The server's request id: give it to the operator. */
  readonly requestId: string | undefined;
  /** The Idempotency-Key of the purchase, when the request was one: retry with it. */
  readonly idempotencyKey: string | undefined;

  constructor(statusCode: number, body: ErrorBody | undefined, idempotencyKey?: string) {
    const code = catalogued(statusCode, body?.code);
    super(code, describe(statusCode, body, code), { ...body?.details, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) }, { complete: true });
    this.name = 'IndiciaApiError';
    this.statusCode = statusCode;
    this.serverCode = body?.code;
    this.requestId = body?.requestId;
    this.idempotencyKey = idempotencyKey;
  }
}

/** True when `err` is an IndiciaApiError, optionally with the given server code. */
export function isIndiciaApiError(err: unknown, code?: string): err is IndiciaApiError {
  return err instanceof IndiciaApiError && (code === undefined || err.serverCode === code);
}

// A code this client does not know (a newer server) keeps its kind by status: 5xx internal, else the answer is not understood.
function catalogued(statusCode: number, code: string | undefined): ErrorCode {
  if (code !== undefined && Object.hasOwn(ERRORS, code)) return code as ErrorCode;
  return statusCode >= 500 ? 'INTERNAL' : 'CLIENT_ANSWER_INVALID';
}

function describe(statusCode: number, body: ErrorBody | undefined, code: ErrorCode): string {
  const def = ERRORS[code];
  const message = body?.message ?? `HTTP ${statusCode} without an error body. ${def.message}. ${def.fix}.`;
  const unknown = body?.code !== undefined && body.code !== code ? ` (server code ${body.code})` : '';
  // A 5xx message hides internals: the request id is what the operator needs.
  const id = statusCode >= 500 && body?.requestId ? ` (request id ${body.requestId})` : '';
  return `${message}${unknown}${id}`;
}
