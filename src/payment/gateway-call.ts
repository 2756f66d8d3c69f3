// JSON calls to a payment gateway's HTTP API with the vendor's secret key and a deadline, and the one
// mapping of everything that can go wrong to catalogued errors. No answer within the deadline is
// PAYMENT_GATEWAY_TIMEOUT; no connection or a 5xx is PAYMENT_GATEWAY_UNAVAILABLE (the outcome of a
// charge is then unknown: retry with the same idempotency key); a refusal the gateway answered (4xx)
// keeps its own code, so a declined card stays declined. Request bodies are never put in an error.
import { AppError } from '../errors/app-error.js';
import { ERRORS, type ErrorCode } from '../errors/catalogue.js';
import { IDEMPOTENCY_HEADER } from './idempotency-key.js';
import { parseJsonText, readRemoteError } from '../http/remote-error.js';

/** Where the gateway is and how to call it. */
export interface GatewayHttpOptions {
  /** Base URL, e.g. http://127.0.0.1:4450 or https://gateway.example/api (paths are resolved under it). */
  readonly baseUrl: string;
  /** The vendor's secret key at the gateway, sent as a bearer token; null when the gateway needs none. */
  readonly secretKey: string | null;
  /** Deadline of one whole call (connect, send, answer), in milliseconds. */
  readonly timeoutMs: number;
  /** The fetch to use; the global one by default. */
  readonly fetch?: typeof fetch;
}

/** One call to the gateway. */
export interface GatewayCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
}

// Codes a gateway may refuse a request with that mean the same here; any other 4xx code means the
// gateway and this client do not speak the same API.
const PASSED_THROUGH: ReadonlySet<string> = new Set(
  (Object.keys(ERRORS) as ErrorCode[]).filter(
    (code) => (code.startsWith('CARD_') || code.startsWith('PAYMENT_') || code.startsWith('MONEY_')) && !code.startsWith('PAYMENT_GATEWAY_'),
  ),
);

/** Performs the call; resolves with the parsed JSON of a 2xx answer or throws a catalogued AppError. */
export async function callGateway(options: GatewayHttpOptions, call: GatewayCall): Promise<unknown> {
  // Relative to the base URL's path, so that a gateway mounted under a prefix is reached there.
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const url = new URL(call.path.replace(/^\/+/, ''), base);
  const where = `${call.method} ${url.origin}${url.pathname}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.secretKey !== null) headers.authorization = `Bearer ${options.secretKey}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = call.idempotencyKey;
  let status: number;
  let text: string;
  try {
    // One signal bounds the whole exchange, the body included.
    const response = await (options.fetch ?? fetch)(url, {
      method: call.method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (err) {
    throw noAnswer(where, err, options.timeoutMs);
  }
  const body = parseJsonText(text);
  if (status >= 200 && status < 300) {
    if (body === undefined) throw answerInvalid(where, `HTTP ${status} with a body that is not JSON`);
    return body;
  }
  throw errorFromAnswer(where, status, body);
}

/** The error for a non-2xx answer of the gateway. */
export function errorFromAnswer(where: string, status: number, body: unknown): AppError {
  const remote = readRemoteError(body);
  const suffix = remote === undefined ? '' : ` ${remote.code}`;
  if (remote?.code === 'PAYMENT_GATEWAY_TIMEOUT') {
    return new AppError('PAYMENT_GATEWAY_TIMEOUT', `${where}: the gateway gave up waiting for the card issuer`, { status });
  }
  if (status >= 500) return new AppError('PAYMENT_GATEWAY_UNAVAILABLE', `${where} answered HTTP ${status}${suffix}`, { status });
  if (status === 401 || status === 403) return new AppError('PAYMENT_GATEWAY_KEY_REJECTED', `${where} answered HTTP ${status}${suffix}`, { status });
  if (remote !== undefined && PASSED_THROUGH.has(remote.code)) {
    return new AppError(remote.code as ErrorCode, remote.detail, remote.details);
  }
  return answerInvalid(where, `unexpected HTTP ${status}${suffix}`);
}

/** PAYMENT_GATEWAY_ANSWER_INVALID for an answer that is not one of the gateway's API. */
export function answerInvalid(where: string, detail: string): AppError {
  return new AppError('PAYMENT_GATEWAY_ANSWER_INVALID', `${where}: ${detail}`);
}

function noAnswer(where: string, err: unknown, timeoutMs: number): AppError {
  const e = err as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new AppError('PAYMENT_GATEWAY_TIMEOUT', `${where}: no answer within ${timeoutMs} ms`, { timeoutMs }, { cause: err });
  }
  const reason = String(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? err);
  return new AppError('PAYMENT_GATEWAY_UNAVAILABLE', `${where} failed: ${reason}`, undefined, { cause: err });
}

