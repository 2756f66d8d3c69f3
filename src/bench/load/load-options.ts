// What a closed-loop load run sends and for how long. Plain data, so it crosses to the child process
// that runs the generator as JSON.
import type { LatencySummary } from './latency-samples.js';

/** One load run: `connections` clients, each sending its next request when the last one answered. */
export interface LoadOptions {
  /** Full URL of every request, such as http://127.0.0.1:4400/v1/stamps. */
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** Fixed request headers (lower-case names). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers that get a value of their own on every request (`<run id>-<sequence>`), such as idempotency-key. */
  readonly uniqueHeaders?: readonly string[];
  /** The request body, sent as is with content-type application/json. */
  readonly body?: string;
  /** Concurrent keep-alive connections, each with one request outstanding. */
  readonly connections: number;
  /** Requests sent before measuring, on the same connections, not counted. */
  readonly warmupMs?: number;
  /** Length of the measured window in milliseconds; the run stops at this or `maxRequests`, whichever is first. */
  readonly durationMs?: number;
  /** Most requests sent in the measured window. */
  readonly maxRequests?: number;
  /** A request not answered within this is abandoned and counted as `timeout`, in milliseconds. */
  readonly requestTimeoutMs?: number;
}

/** What a load run measured. */
export interface LoadResult {
  /** Responses (any status) and failures in the measured window. */
  readonly completed: number;
  /** Responses with a 2xx status. */
  readonly ok: number;
  /** 2xx responses per second of the measured window. */
  readonly okPerSecond: number;
  /** Seconds from the start of the window to the last answer. */
  readonly elapsedSeconds: number;
  /** Latency of the 2xx responses, from writing the request to the end of the response body. */
  readonly latencyMs: LatencySummary;
  /** Every response or failure that was not 2xx: by status ("503") or error code ("ECONNRESET", "timeout"). */
  readonly errors: Readonly<Record<string, number>>;
  /** Every request answered in the whole run (any status or failure), warm-up and drain included: divides CPU time into CPU per request. */
  readonly answeredTotal: number;
  /** Connections the generator opened (equal to `connections` when keep-alive held). */
  readonly socketsOpened: number;
  /** CPU time of the generator's process over the whole run, warm-up included, in milliseconds. */
  readonly generatorCpuMs: number;
  /** Wall-clock length of the whole run, warm-up and drain included, in seconds (generatorCpuMs / 1000 / runSeconds = cores used). */
  readonly runSeconds: number;
}

/** Default of `requestTimeoutMs`. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Throws a RangeError naming the first option that cannot make a bounded run. */
export function checkLoadOptions(options: LoadOptions): void {
  if (!Number.isInteger(options.connections) || options.connections < 1) throw new RangeError(`connections must be a whole number ≥ 1, not ${options.connections}`);
  if (options.durationMs === undefined && options.maxRequests === undefined) throw new RangeError('give durationMs or maxRequests: a load run must stop by itself');
  if (options.durationMs !== undefined && !(options.durationMs > 0)) throw new RangeError(`durationMs must be positive, not ${options.durationMs}`);
  if (options.maxRequests !== undefined && !(Number.isInteger(options.maxRequests) && options.maxRequests > 0)) {
    throw new RangeError(`maxRequests must be a whole number ≥ 1, not ${options.maxRequests}`);
  }
  if (options.body !== undefined && options.method === 'GET') throw new RangeError('a GET request has no body');
  new URL(options.url);
}
