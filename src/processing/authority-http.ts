// JSON calls to the postal authority's HTTP API with the vendor's bearer token and a deadline, and the
// one mapping of everything that can go wrong to catalogued errors. The mapping decides what a reset
// does next (reset-authorizer.ts): an error the authority answered with (4xx) keeps its own code and
// kind, so a refusal stays a refusal; no answer, a 5xx or an answer that is not the API's is
// AUTHORITY_UNAVAILABLE or AUTHORITY_ANSWER_INVALID, whose kinds leave the outcome unknown.
import { AppError } from '../errors/app-error.js';
import { isCatalogued } from '../errors/error-detail.js';
import { parseJsonText, readRemoteError } from '../http/remote-error.js';

/** Where the authority is and how to call it. */
export interface AuthorityHttpOptions {
  /** Base URL, e.g. http://127.0.0.1:4401. */
  readonly baseUrl: string;
  /** The vendor's bearer token at the authority. */
  readonly token: string;
  /** Deadline of one whole call (connect, send, answer), in milliseconds. */
  readonly timeoutMs: number;
  /** The fetch to use; the global one by default (tests may route it elsewhere). */
  readonly fetch?: typeof fetch;
}

/** One call: method, path under the base URL and an optional JSON body. */
export interface AuthorityCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** Whether to send the bearer token (public documents need none). */
  readonly authenticated?: boolean;
}

/** Performs the call and resolves with the parsed JSON of a 2xx answer, or throws a catalogued AppError. */
export async function callAuthority(options: AuthorityHttpOptions, call: AuthorityCall): Promise<unknown> {
  const url = new URL(call.path, options.baseUrl);
  const where = `${call.method} ${url.origin}${url.pathname}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.authenticated !== false) headers.authorization = `Bearer ${options.token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const doFetch = options.fetch ?? fetch;
  let status: number;
  let text: string;
  try {
    // One signal bounds the whole exchange, the body included.
    const signal = AbortSignal.timeout(options.timeoutMs);
    const response = await doFetch(url, {
      method: call.method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal,
    });
    status = response.status;
    text = await response.text();
  } catch (err) {
    throw unavailable(where, err, options.timeoutMs);
  }
  const body = parseJsonText(text);
  if (status >= 200 && status < 300) {
    if (body === undefined) throw answerInvalid(where, `HTTP ${status} with a body that is not JSON`);
    return body;
  }
  throw errorFromAnswer(where, status, body);
}

function unavailable(where: string, err: unknown, timeoutMs: number): AppError {
  const e = err as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const timedOut = e?.name === 'TimeoutError' || e?.name === 'AbortError';
  const reason = timedOut
    ? `no answer within ${timeoutMs} ms`
    : String(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? err);
  return new AppError('AUTHORITY_UNAVAILABLE', `${where} failed: ${reason}`, undefined, { cause: err });
}

function answerInvalid(where: string, detail: string): AppError {
  return new AppError('AUTHORITY_ANSWER_INVALID', `${where}: ${detail}`);
}

/** The error for a non-2xx answer (see the file comment for why each maps as it does). */
export function errorFromAnswer(where: string, status: number, body: unknown): AppError {
  const remote = readRemoteError(body);
  if (status >= 500) {
    return new AppError('AUTHORITY_UNAVAILABLE', `${where} answered HTTP ${status}${remote === undefined ? '' : ` ${remote.code}`}`, {
      status,
      ...(remote !== undefined ? { authorityCode: remote.code } : {}),
    });
  }
  if (status === 401 || status === 403) {
    return new AppError('AUTHORITY_TOKEN_REJECTED', `${where} answered HTTP ${status}${remote === undefined ? '' : ` ${remote.code}`}`, { status });
  }
  if (status >= 400 && remote !== undefined && isCatalogued(remote.code)) {
    return new AppError(remote.code, `The postal authority: ${remote.detail}`, remote.details);
  }
  return answerInvalid(where, `unexpected HTTP ${status}${remote === undefined ? '' : ` ${remote.code}`}`);
}

