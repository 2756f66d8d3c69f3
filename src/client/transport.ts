// One HTTP attempt: the request, and the whole answer read within the attempt's time limit. A broken
// connection or a cut-off body is a network failure (the caller may retry), never a partial answer.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';

/** The fetch function the client uses (the global one by default; tests may wrap it). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** The HTTP methods the public API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What to send. */
export interface AttemptRequest {
  readonly method: HttpMethod;
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

/** Where a streamed answer goes, and who hears how far it got. */
export interface FileSink {
  /** The file to write; the answer goes to a temporary file beside it and is renamed in place once whole. */
  readonly path: string;
  /** Called as chunks arrive with the bytes written so far. */
  readonly onProgress?: (bytes: number) => void;
}

/**
 * Like attemptRequest, but a 2xx answer is streamed to `sink.path` instead of being held in memory, so an
 * export of any size costs one chunk of memory. `timeoutMs` bounds the wait for the headers and then each
 * silence between chunks (a big export may take longer than any fixed limit, but never stalls that long).
 * The file is written to `PATH.partial` and renamed over PATH only when the whole answer arrived: a cut-off
 * download never looks like a finished export. A non-2xx answer is read whole, as attemptRequest does.
 */
export async function attemptDownload(fetchFn: FetchFunction, request: AttemptRequest, timeoutMs: number, sink: FileSink, signal?: AbortSignal): Promise<AttemptResult> {
  signal?.throwIfAborted();
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(), timeoutMs);
  const rearm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), timeoutMs);
  };
  const combined = signal === undefined ? idle.signal : AbortSignal.any([signal, idle.signal]);
  const partial = `${sink.path}.partial`;
  try {
    const response = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body, signal: combined, redirect: 'error' });
    rearm();
    if (response.status < 200 || response.status > 299 || response.body === null) {
      const body = Buffer.from(await response.arrayBuffer());
      return { kind: 'response', status: response.status, headers: response.headers, body };
    }
    const file = createWriteStream(partial, { mode: 0o600 });
    let bytes = 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        rearm();
        bytes += chunk.byteLength;
        if (!file.write(chunk)) await once(file, 'drain');
        sink.onProgress?.(bytes);
      }
      file.end();
      await once(file, 'close');
    } catch (err) {
      file.destroy();
      throw err;
    }
    await rename(partial, sink.path);
    return { kind: 'response', status: response.status, headers: response.headers, body: Buffer.alloc(0) };
  } catch (err) {
    await rm(partial, { force: true });
    if (signal?.aborted) throw signal.reason;
    if (idle.signal.aborted) return { kind: 'timeout' };
    // A file that cannot be written is the caller's problem, not the network's: no retry.
    if (isFileError(err)) throw err;
    return { kind: 'network', cause: err };
  } finally {
    clearTimeout(timer);
  }
}

function isFileError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && ['ENOENT', 'EACCES', 'EPERM', 'ENOSPC', 'EISDIR', 'EROFS', 'ENOTDIR', 'EDQUOT'].includes(code);
}
