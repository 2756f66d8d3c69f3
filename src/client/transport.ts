// One HTTP attempt: the request, and the whole answer read within the attempt's time limit. A broken
// connection or a cut-off body is a network failure (the caller may retry), never a partial answer.

/** The fetch function the client uses (the global one by default; tests may wrap it). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** What to send. */
export interface AttemptRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What one attempt came to. */
export type AttemptResult =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Headers; readonly body: Buffer }
  | { readonly kind: 'network'; readonly cause: unknown }
  | { readonly kind: 'timeout' };

/**
 * Sends the request and reads the whole answer within `timeoutMs`. When the caller's `signal` aborts,
 * its reason is thrown (no retry); every other failure is returned as a result.
 */
export async function attemptRequest(fetchFn: FetchFunction, request: AttemptRequest, timeoutMs: number, signal?: AbortSignal): Promise<AttemptResult> {
  signal?.throwIfAborted();
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  try {
    const response = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body, signal: combined, redirect: 'error' });
    const body = Buffer.from(await response.arrayBuffer());
    return { kind: 'response', status: response.status, headers: response.headers, body };
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) return { kind: 'timeout' };
    return { kind: 'network', cause: err };
  }
}

/** A short description of a network failure: the innermost cause's code and message. */
export function describeNetworkFailure(cause: unknown): string {
  let err = cause as { message?: unknown; code?: unknown; cause?: unknown } | undefined;
  // fetch wraps the socket's error as `TypeError: fetch failed` with the real one as its cause.
  while (err?.cause !== undefined && typeof err.cause === 'object' && err.cause !== null) err = err.cause as typeof err;
  const code = typeof err?.code === 'string' ? `${err.code}: ` : '';
  return `${code}${typeof err?.message === 'string' ? err.message : String(cause)}`;
}
