// The typed client of the vendor's public API (docs/web-api.md). Every request is retried while there
// is no definite answer (network failure, timeout, 5xx honouring Retry-After, 409 PURCHASE_IN_PROGRESS);
// a purchase is retried with the one Idempotency-Key made for it, so it is never charged twice.
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../errors/app-error.js';
import { IndiciaApiError, type ErrorBody } from './api-error.js';
import { checkHealth, checkPurchase, checkStamp, checkStampPage } from './answer-check.js';
import { buyInBatches, type BatchOptions, type BatchResult } from './batch.js';
import { checkIdempotencyKey, newIdempotencyKey } from './idempotency.js';
import { purchaseBody } from './request-body.js';
import { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelayMs, type AttemptOutcome, type RetryPolicy } from './retry-policy.js';
import { attemptRequest, describeNetworkFailure, type AttemptRequest, type AttemptResult, type FetchFunction } from './transport.js';
import type { Health, PurchaseResult, Stamp, StampPage, StampRequest } from './types.js';

/** A retry about to happen, for progress displays and logs. */
export interface RetryEvent {
  readonly method: string;
  readonly path: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  /** Why: "HTTP 503 NO_PROCESSING_SERVER", "timeout" or the network error. */
  readonly reason: string;
  readonly idempotencyKey?: string;
}

/** How a client is made. */
export interface IndiciaClientOptions {
  /** The web server's base URL, such as https://postage.example.com. */
  readonly baseUrl: string;
  /** An API key issued by the vendor, `ik_…`. */
  readonly apiKey: string;
  /** Longest wait for one attempt's whole answer, in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (default 5). */
  readonly retries?: number;
  /** The fetch function (the global one by default). */
  readonly fetch?: FetchFunction;
  /** Backoff settings other than the number of retries. */
  readonly retryPolicy?: Partial<Omit<RetryPolicy, 'retries'>>;
  /** Called before each retry. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Waits between retries (tests record the waits instead). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random numbers in [0, 1) for the backoff's jitter. */
  readonly random?: () => number;
  /** Makes the Idempotency-Key of a purchase given none (crypto.randomUUID by default). */
  readonly newKey?: () => string;
  /** The clock, for Retry-After dates, in milliseconds since the epoch. */
  readonly now?: () => number;
}

/** Options every call takes. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Options of one purchase. */
export interface BuyOptions extends CallOptions {
  /** The purchase's key; a new one is made when left out. Give the same key to retry a purchase later. */
  readonly idempotencyKey?: string;
}

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly idempotencyKey?: string;
  /** Statuses that are answers, not errors. */
  readonly expect: readonly number[];
  readonly retry: boolean;
}

/** The client of the vendor's public API. */
export class IndiciaClient {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  private readonly apiKey: string;
  private readonly policy: RetryPolicy;
  private readonly fetchFn: FetchFunction;
  private readonly options: IndiciaClientOptions;

  constructor(options: IndiciaClientOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    if (typeof options.apiKey !== 'string' || !/^[\x21-\x7e]+$/.test(options.apiKey)) {
      throw new AppError('INVALID_ARGUMENT', 'The API key must be a non-empty string of visible ASCII characters (ik_…)');
    }
    this.apiKey = options.apiKey;
    this.timeoutMs = positiveInteger(options.timeoutMs ?? 30_000, 'timeoutMs');
    const retries = options.retries ?? DEFAULT_RETRY_POLICY.retries;
    if (!Number.isSafeInteger(retries) || retries < 0) throw new AppError('INVALID_ARGUMENT', `retries must be a whole number from 0, not ${retries}`);
    this.policy = Object.freeze({ ...DEFAULT_RETRY_POLICY, ...options.retryPolicy, retries });
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.options = options;
  }

  /** Buys 1 to 1000 stamps in one purchase, all or none; retried under one Idempotency-Key. */
  async buyStamps(stamps: readonly StampRequest[], options: BuyOptions = {}): Promise<PurchaseResult> {
    const body = purchaseBody(stamps);
    const idempotencyKey = checkIdempotencyKey(options.idempotencyKey ?? (this.options.newKey ?? newIdempotencyKey)());
    const answer = await this.call({ method: 'POST', path: '/v1/stamps', body, idempotencyKey, expect: [201], retry: true }, options.signal);
    return { ...checkPurchase(answer.json, stamps.length, `POST /v1/stamps (Idempotency-Key ${idempotencyKey})`), idempotencyKey };
  }

  /** Buys any number of stamps as purchases of at most 1000, each keyed from one batch key (see batch.ts). */
  buyBatch(stamps: readonly StampRequest[], options: BatchOptions = {}): Promise<BatchResult> {
    return buyInBatches(this, stamps, options);
  }

  /** One of your stamps (404 STAMP_NOT_FOUND for another key's stamp). */
  async getStamp(id: string, options: CallOptions = {}): Promise<Stamp> {
    const path = `/v1/stamps/${encodeURIComponent(id)}`;
    return checkStamp((await this.call({ method: 'GET', path, expect: [200], retry: true }, options.signal)).json, `GET ${path}`);
  }

  /** One page of your stamps, newest first: `limit` 1 to 100 (20 by default), `cursor` from the previous page. */
  async listStamps(options: CallOptions & { readonly limit?: number; readonly cursor?: string } = {}): Promise<StampPage> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    const search = query.toString();
    const path = `/v1/stamps${search === '' ? '' : `?${search}`}`;
    return checkStampPage((await this.call({ method: 'GET', path, expect: [200], retry: true }, options.signal)).json, `GET ${path}`);
  }

  /** Every one of your stamps, newest first, fetched page by page (`pageSize` 1 to 100). */
  async *allStamps(options: CallOptions & { readonly pageSize?: number } = {}): AsyncGenerator<Stamp> {
    let cursor: string | undefined;
    do {
      const page = await this.listStamps({ limit: options.pageSize ?? 100, cursor, signal: options.signal });
      yield* page.stamps;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** The stamp's Data Matrix symbol as PNG, `scale` pixels per module (1 to 40, default 8). */
  async stampPng(id: string, options: CallOptions & { readonly scale?: number } = {}): Promise<Buffer> {
    const scale = options.scale === undefined ? '' : `?scale=${options.scale}`;
    const answer = await this.call({ method: 'GET', path: `/v1/stamps/${encodeURIComponent(id)}.png${scale}`, expect: [200], retry: true }, options.signal, 'raw');
    return answer.raw;
  }

  /** The stamp's Data Matrix symbol as an SVG document sized in millimetres. */
  async stampSvg(id: string, options: CallOptions = {}): Promise<string> {
    const answer = await this.call({ method: 'GET', path: `/v1/stamps/${encodeURIComponent(id)}.svg`, expect: [200], retry: true }, options.signal, 'raw');
    return answer.raw.toString('utf8');
  }

  /** GET /healthz: the web server process is up. */
  async health(options: CallOptions = {}): Promise<Health> {
    return checkHealth((await this.call({ method: 'GET', path: '/healthz', expect: [200], retry: true }, options.signal)).json, 'GET /healthz');
  }

  /** GET /readyz, asked once: `ready`, or `not_ready` (a 503) with what is missing. */
  async readiness(options: CallOptions = {}): Promise<Health> {
    return checkHealth((await this.call({ method: 'GET', path: '/readyz', expect: [200, 503], retry: false }, options.signal)).json, 'GET /readyz');
  }

  private async call(call: Call, signal: AbortSignal | undefined, as: 'json' | 'raw' = 'json'): Promise<{ json: unknown; raw: Buffer }> {
    const request: AttemptRequest = { method: call.method, url: `${this.baseUrl}${call.path}`, headers: this.headers(call), body: call.body };
    const attempts = call.retry ? this.policy.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      const result = await attemptRequest(this.fetchFn, request, this.timeoutMs, signal);
      if (result.kind === 'response' && call.expect.includes(result.status)) {
        return { raw: result.body, json: as === 'json' ? parseJson(result.body, `${call.method} ${call.path}`) : undefined };
      }
      const { outcome, error, reason } = this.failure(result, call, attempt);
      if (!isRetryable(outcome) || attempt >= attempts) throw error;
      const delayMs = retryDelayMs(attempt - 1, outcome, this.policy, this.options.random ?? Math.random);
      this.options.onRetry?.({ method: call.method, path: call.path, attempt, delayMs, reason, idempotencyKey: call.idempotencyKey });
      await (this.options.sleep ?? sleep)(delayMs, signal);
    }
  }

  private failure(result: AttemptResult, call: Call, attempt: number): { outcome: AttemptOutcome; error: AppError; reason: string } {
    const details = { url: `${this.baseUrl}${call.path}`, attempts: attempt, ...(call.idempotencyKey ? { idempotencyKey: call.idempotencyKey } : {}) };
    // A purchase without a definite answer may have been made: say which key settles it.
    const settle = call.idempotencyKey ? `; the purchase may have been made: retry it with Idempotency-Key ${call.idempotencyKey}` : '';
    const what = `${call.method} ${details.url} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}`;
    if (result.kind === 'timeout') {
      const reason = `no answer within ${this.timeoutMs} ms`;
      return { outcome: { kind: 'timeout' }, reason, error: new AppError('CLIENT_TIMEOUT', `${what} (${reason})${settle}`, details) };
    }
    if (result.kind === 'network') {
      const reason = describeNetworkFailure(result.cause);
      return { outcome: { kind: 'network' }, reason, error: new AppError('CLIENT_NETWORK_ERROR', `${what} (${reason})${settle}`, details, { cause: result.cause }) };
    }
    const body = parseErrorBody(result.body);
    const retryAfterMs = parseRetryAfter(result.headers.get('retry-after'), (this.options.now ?? Date.now)());
    return {
      outcome: { kind: 'answer', status: result.status, code: body?.code, retryAfterMs },
      reason: `HTTP ${result.status}${body?.code ? ` ${body.code}` : ''}`,
      error: new IndiciaApiError(result.status, body, call.idempotencyKey),
    };
  }

  private headers(call: Call): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
    return headers;
  }
}

function checkBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('CLIENT_URL_INVALID', `${JSON.stringify(String(text))} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('CLIENT_URL_INVALID', `${text} is not an http or https URL`);
  if (url.search !== '' || url.hash !== '') throw new AppError('CLIENT_URL_INVALID', `${text} has a query or fragment; give the base URL only`);
  return url.href.replace(/\/+$/, '');
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new AppError('INVALID_ARGUMENT', `${name} must be a whole number of milliseconds from 1, not ${value}`);
  return value;
}

function parseJson(body: Buffer, context: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('CLIENT_ANSWER_INVALID', `The answer to ${context} is not JSON`, { context });
  }
}

function parseErrorBody(body: Buffer): ErrorBody | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as ErrorBody).code === 'string' ? (parsed as ErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}
