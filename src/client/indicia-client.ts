// The typed client of the vendor's public API (docs/web-api.md). Every request is retried while there
// is no definite answer (network failure, timeout, 5xx honouring Retry-After, 409 PURCHASE_IN_PROGRESS);
// a purchase is retried with the one Idempotency-Key made for it, so it is never charged twice.
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../errors/app-error.js';
import { IndiciaApiError, type ErrorBody } from './api-error.js';
import { checkHealth, checkPurchase, checkStamp, checkStampPage } from './answer-check.js';
import { buyInBatches, type BatchOptions, type BatchResult } from './batch.js';
import {
  checkApiKeys,
  checkBalance,
  checkBillingSettings,
  checkCard,
  checkCards,
  checkCreatedApiKey,
  checkEligibility,
  checkLoggedIn,
  checkMediaPage,
  checkMe,
  checkMediumDetail,
  checkOrderDetail,
  checkOrderPage,
  checkReceipt,
  checkRefund,
  checkRefundPage,
  checkRefundsCreated,
  checkTopUp,
} from './customer-checks.js';
import type {
  ApiKeyInfo,
  Balance,
  BillingSettings,
  BillingSettingsUpdate,
  Card,
  CreatedApiKey,
  LoggedIn,
  MediaPage,
  Me,
  MediumDetail,
  NewCard,
  OrderDetail,
  OrderFilters,
  OrderPage,
  Receipt,
  Refund,
  RefundEligibility,
  RefundPage,
  RefundStatus,
  StampFilters,
  TopUpRequest,
  TopUpResult,
} from './customer-types.js';
import { checkIdempotencyKey, newIdempotencyKey } from './idempotency.js';
import { purchaseBody } from './request-body.js';
import { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelayMs, type AttemptOutcome, type RetryPolicy } from './retry-policy.js';
import { attemptDownload, attemptRequest, describeNetworkFailure, type AttemptRequest, type AttemptResult, type FetchFunction, type HttpMethod } from './transport.js';
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
  /** An API key issued by the vendor, `ik_…`. Give it, or `session`; with neither only public routes answer. */
  readonly apiKey?: string;
  /** A browser-style session (from IndiciaClient.logIn): its cookie value and CSRF token. */
  readonly session?: SessionCredentials;
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

/** A session opened with an email and password (POST /v1/session). */
export interface SessionCredentials {
  /** The value of the indicia_session cookie. */
  readonly cookie: string;
  /** Sent as X-CSRF-Token with every POST, PUT and DELETE of the session. */
  readonly csrfToken: string;
}

/** A progress report of a streamed export. */
export interface DownloadProgress {
  readonly bytes: number;
}

/** Options of a CSV export. */
export interface ExportOptions extends CallOptions {
  /** The file to write (replaced once the whole export arrived; a `.partial` file meanwhile). */
  readonly out: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
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
  readonly method: HttpMethod;
  readonly path: string;
  readonly body?: string;
  readonly idempotencyKey?: string;
  /** What the key protects, for messages: "purchase" (the default) or "top-up". */
  readonly what?: string;
  /** Statuses that are answers, not errors. */
  readonly expect: readonly number[];
  readonly retry: boolean;
  /** Send no credentials (POST /v1/session). */
  readonly anonymous?: boolean;
  /** The Accept header (application/json by default). */
  readonly accept?: string;
  /**
   * A DELETE whose earlier attempt got no answer: a 404 on a retry means that attempt did the work, so it
   * counts as done rather than as "not found".
   */
  readonly goneIsDone?: boolean;
}

interface Answer {
  readonly json: unknown;
  readonly raw: Buffer;
  readonly headers: Headers;
}

/** The client of the vendor's public API. */
export class IndiciaClient {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  private readonly apiKey: string | undefined;
  private readonly session: SessionCredentials | undefined;
  private readonly policy: RetryPolicy;
  private readonly fetchFn: FetchFunction;
  private readonly options: IndiciaClientOptions;

  constructor(options: IndiciaClientOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || !/^[\x21-\x7e]+$/.test(options.apiKey))) {
      throw new AppError('INVALID_ARGUMENT', 'The API key must be a non-empty string of visible ASCII characters (ik_…)');
    }
    if (options.apiKey !== undefined && options.session !== undefined) throw new AppError('INVALID_ARGUMENT', 'Give an API key or a session, not both');
    if (options.session !== undefined && ![options.session.cookie, options.session.csrfToken].every((v) => typeof v === 'string' && /^[\x21-\x7e]+$/.test(v) && !v.includes(';'))) {
      throw new AppError('INVALID_ARGUMENT', 'A session needs its cookie value and CSRF token, visible ASCII characters without ";"');
    }
    this.apiKey = options.apiKey;
    this.session = options.session;
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

  // ---- Who is calling -------------------------------------------------------------------------------

  /**
   * Logs in with an email and password (POST /v1/session) and returns a client on that session: its
   * cookie and CSRF token travel with every call. Close it with `closeSession()`.
   */
  static async logIn(options: Omit<IndiciaClientOptions, 'apiKey' | 'session'> & { readonly email: string; readonly password: string; readonly signal?: AbortSignal }): Promise<{ client: IndiciaClient; loggedIn: LoggedIn }> {
    const { email, password, signal, ...rest } = options;
    const anonymous = new IndiciaClient(rest);
    const body = JSON.stringify({ email, password });
    // A retry after a lost answer opens a second session at worst (it expires unused); a wrong password is a 4xx, never retried.
    const answer = await anonymous.call({ method: 'POST', path: '/v1/session', body, expect: [200], retry: true, anonymous: true }, signal);
    const loggedIn = checkLoggedIn(answer.json, 'POST /v1/session');
    const cookie = sessionCookieOf(answer.headers);
    if (cookie === undefined) throw new AppError('CLIENT_ANSWER_INVALID', `The answer to POST /v1/session set no ${SESSION_COOKIE} cookie`, { context: 'POST /v1/session' });
    return { client: new IndiciaClient({ ...rest, session: { cookie, csrfToken: loggedIn.csrfToken } }), loggedIn };
  }

  /** DELETE /v1/session: ends this client's session (a no-op for an API key). */
  async closeSession(options: CallOptions = {}): Promise<void> {
    await this.call({ method: 'DELETE', path: '/v1/session', expect: [200, 204], retry: true }, options.signal, 'none');
  }

  /** GET /v1/me: the user and account of the key or session, and whether they may buy. */
  me(options: CallOptions = {}): Promise<Me> {
    return this.getJson('/v1/me', checkMe, options.signal);
  }

  /** POST /v1/api-keys: a new API key named `name`; its secret is in this answer only. Never retried (a retry could make two keys). */
  async createApiKey(name: string, options: CallOptions = {}): Promise<CreatedApiKey> {
    const answer = await this.call({ method: 'POST', path: '/v1/api-keys', body: JSON.stringify({ name }), expect: [201], retry: false }, options.signal);
    return checkCreatedApiKey(answer.json, 'POST /v1/api-keys');
  }

  /** GET /v1/api-keys: the keys you may see (never their secrets). */
  listApiKeys(options: CallOptions = {}): Promise<ApiKeyInfo[]> {
    return this.getJson('/v1/api-keys', checkApiKeys, options.signal);
  }

  // ---- Billing ------------------------------------------------------------------------------------

  /** GET /v1/balance: balance, held, the low-balance flag and auto-refill with what it used this month. */
  balance(options: CallOptions = {}): Promise<Balance> {
    return this.getJson('/v1/balance', checkBalance, options.signal);
  }

  /**
   * POST /v1/topups: charges a card (the default one unless `cardId`) and credits the balance. Retried
   * under one Idempotency-Key (made here unless given), so a retry never charges twice; the key is in
   * the result and in every error, to retry later.
   */
  async topUp(request: TopUpRequest, options: CallOptions = {}): Promise<TopUpResult> {
    const idempotencyKey = checkIdempotencyKey(request.idempotencyKey ?? (this.options.newKey ?? newIdempotencyKey)());
    const body = JSON.stringify({ amountDollars: request.amountDollars, ...(request.cardId === undefined ? {} : { cardId: request.cardId }) });
    const answer = await this.call({ method: 'POST', path: '/v1/topups', body, idempotencyKey, what: 'top-up', expect: [201], retry: true }, options.signal);
    return { ...checkTopUp(answer.json, `POST /v1/topups (Idempotency-Key ${idempotencyKey})`), idempotencyKey };
  }

  /** GET /v1/billing. */
  billingSettings(options: CallOptions = {}): Promise<BillingSettings> {
    return this.getJson('/v1/billing', checkBillingSettings, options.signal);
  }

  /** PUT /v1/billing: replaces the settings (owners only). A PUT is safe to retry. */
  async updateBillingSettings(settings: BillingSettingsUpdate, options: CallOptions = {}): Promise<BillingSettings> {
    const body = JSON.stringify({
      mode: settings.mode,
      autoRefill: {
        enabled: settings.autoRefill.enabled,
        thresholdMills: mills(settings.autoRefill.thresholdMills),
        amountMills: mills(settings.autoRefill.amountMills),
        monthlyCapMills: mills(settings.autoRefill.monthlyCapMills),
      },
      lowBalanceWarningMills: mills(settings.lowBalanceWarningMills),
    });
    const answer = await this.call({ method: 'PUT', path: '/v1/billing', body, expect: [200], retry: true }, options.signal);
    return checkBillingSettings(answer.json, 'PUT /v1/billing');
  }

  /** GET /v1/cards: the cards on file, default first (owners only). */
  listCards(options: CallOptions = {}): Promise<Card[]> {
    return this.getJson('/v1/cards', checkCards, options.signal);
  }

  /**
   * POST /v1/cards: adds a card. The number and security code are sent once, in this request's body, and
   * kept nowhere by the client; never retried, so they cross the network once and a lost answer cannot
   * add the card twice (list the cards to see whether it was added).
   */
  async addCard(card: NewCard, options: CallOptions = {}): Promise<Card> {
    const body = JSON.stringify({
      number: card.number,
      expMonth: card.expMonth,
      expYear: card.expYear,
      cvc: card.cvc,
      ...(card.holderName === undefined ? {} : { holderName: card.holderName }),
    });
    const answer = await this.call({ method: 'POST', path: '/v1/cards', body, expect: [201], retry: false }, options.signal);
    return checkCard(answer.json, 'POST /v1/cards');
  }

  /** DELETE /v1/cards/{id}. Retried; a 404 on a retry means the lost first attempt removed it. */
  async removeCard(id: string, options: CallOptions = {}): Promise<void> {
    await this.call({ method: 'DELETE', path: `/v1/cards/${encodeURIComponent(id)}`, expect: [200, 204], retry: true, goneIsDone: true }, options.signal, 'none');
  }

  /** POST /v1/cards/{id}/default: makes the card the default (setting it twice is harmless, so it is retried). */
  async makeDefaultCard(id: string, options: CallOptions = {}): Promise<Card> {
    const path = `/v1/cards/${encodeURIComponent(id)}/default`;
    return checkCard((await this.call({ method: 'POST', path, expect: [200], retry: true }, options.signal)).json, `POST ${path}`);
  }

  // ---- Refunds ------------------------------------------------------------------------------------

  /** GET /v1/stamps/{id}/refund-eligibility: whether the stamp can be refunded, and every rule it fails. */
  refundEligibility(stampId: string, options: CallOptions = {}): Promise<RefundEligibility> {
    return this.getJson(`/v1/stamps/${encodeURIComponent(stampId)}/refund-eligibility`, checkEligibility, options.signal);
  }

  /**
   * POST /v1/refunds: requests refunds of the stamps, all or none (409 REFUND_NOT_ELIGIBLE lists the
   * refused ones in details.refused). Not retried: the server takes no key here, and a retry of a request
   * that was made would be refused as already requested; list the refunds to see where it stands.
   */
  async requestRefunds(stampIds: readonly string[], options: CallOptions = {}): Promise<Refund[]> {
    if (!Array.isArray(stampIds) || stampIds.length === 0) throw new AppError('INVALID_ARGUMENT', 'Give at least one stamp id to refund');
    const answer = await this.call({ method: 'POST', path: '/v1/refunds', body: JSON.stringify({ stampIds }), expect: [201], retry: false }, options.signal);
    return checkRefundsCreated(answer.json, stampIds, 'POST /v1/refunds');
  }

  /** GET /v1/refunds: one page of your refund requests, newest first, optionally of one status. */
  listRefunds(options: CallOptions & { readonly status?: RefundStatus; readonly limit?: number; readonly cursor?: string } = {}): Promise<RefundPage> {
    return this.getJson(`/v1/refunds${queryOf({ status: options.status, limit: options.limit, cursor: options.cursor })}`, checkRefundPage, options.signal);
  }

  /** GET /v1/refunds/{id}. */
  getRefund(id: string, options: CallOptions = {}): Promise<Refund> {
    return this.getJson(`/v1/refunds/${encodeURIComponent(id)}`, checkRefund, options.signal);
  }

  // ---- History ------------------------------------------------------------------------------------

  /** GET /v1/orders: one page of your orders, newest first. */
  listOrders(filters: OrderFilters & CallOptions & { readonly limit?: number; readonly cursor?: string } = {}): Promise<OrderPage> {
    const query = queryOf({ from: filters.from, to: filters.to, state: filters.state, limit: filters.limit, cursor: filters.cursor });
    return this.getJson(`/v1/orders${query}`, checkOrderPage, filters.signal);
  }

  /** GET /v1/orders/{id}: one order with its stamps. */
  getOrder(id: string, options: CallOptions = {}): Promise<OrderDetail> {
    return this.getJson(`/v1/orders/${encodeURIComponent(id)}`, checkOrderDetail, options.signal);
  }

  /** GET /v1/orders/{id}/receipt: the receipt of a completed order (409 ORDER_NOT_COMPLETED otherwise). */
  receipt(id: string, options: CallOptions = {}): Promise<Receipt> {
    return this.getJson(`/v1/orders/${encodeURIComponent(id)}/receipt`, checkReceipt, options.signal);
  }

  /** The receipt as the server's printable HTML page. */
  async receiptHtml(id: string, options: CallOptions = {}): Promise<string> {
    const path = `/v1/orders/${encodeURIComponent(id)}/receipt`;
    const answer = await this.call({ method: 'GET', path, expect: [200], retry: true, accept: 'text/html' }, options.signal, 'raw');
    const type = answer.headers.get('content-type') ?? '';
    if (!type.startsWith('text/html')) throw new AppError('CLIENT_ANSWER_INVALID', `The answer to GET ${path} (Accept: text/html) is ${type || 'untyped'}, not HTML`, { context: `GET ${path}` });
    return answer.raw.toString('utf8');
  }

  /** GET /v1/stamps.csv streamed to `options.out`: every stamp matching the filters. Returns the bytes written. */
  async exportStampsCsv(filters: StampFilters, options: ExportOptions): Promise<{ file: string; bytes: number }> {
    const query = queryOf({ from: filters.from, to: filters.to, rateCategory: filters.rateCategory, purchaseId: filters.purchaseId, refundStatus: filters.refundStatus });
    return this.exportCsv(`/v1/stamps.csv${query}`, options);
  }

  /** GET /v1/orders.csv streamed to `options.out`: every order matching the filters. Returns the bytes written. */
  async exportOrdersCsv(filters: OrderFilters, options: ExportOptions): Promise<{ file: string; bytes: number }> {
    return this.exportCsv(`/v1/orders.csv${queryOf({ from: filters.from, to: filters.to, state: filters.state })}`, options);
  }

  // ---- Media --------------------------------------------------------------------------------------

  /** GET /v1/media: one page of your registered labels and sheets. */
  listMedia(options: CallOptions & { readonly layout?: string; readonly hasFreeSlots?: boolean; readonly limit?: number; readonly cursor?: string } = {}): Promise<MediaPage> {
    const query = queryOf({ layout: options.layout, hasFreeSlots: options.hasFreeSlots === undefined ? undefined : String(options.hasFreeSlots), limit: options.limit, cursor: options.cursor });
    return this.getJson(`/v1/media${query}`, checkMediaPage, options.signal);
  }

  /** GET /v1/media/{serial}: one medium with every slot and which are used. */
  getMedium(serial: string, options: CallOptions = {}): Promise<MediumDetail> {
    return this.getJson(`/v1/media/${encodeURIComponent(serial)}`, checkMediumDetail, options.signal);
  }

  private async exportCsv(path: string, options: ExportOptions): Promise<{ file: string; bytes: number }> {
    let bytes = 0;
    const onProgress = (p: DownloadProgress): void => {
      bytes = p.bytes;
      options.onProgress?.(p);
    };
    // A GET: retried from the start after a cut-off answer (the partial file is dropped first).
    await this.call({ method: 'GET', path, expect: [200], retry: true, accept: 'text/csv' }, options.signal, 'none', { ...options, onProgress });
    return { file: options.out, bytes };
  }

  private async call(call: Call, signal: AbortSignal | undefined, as: 'json' | 'raw' | 'none' = 'json', sink?: ExportOptions): Promise<Answer> {
    const request: AttemptRequest = { method: call.method, url: `${this.baseUrl}${call.path}`, headers: this.headers(call), body: call.body };
    const attempts = call.retry ? this.policy.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      const result =
        sink === undefined
          ? await attemptRequest(this.fetchFn, request, this.timeoutMs, signal)
          : await attemptDownload(this.fetchFn, request, this.timeoutMs, { path: sink.out, onProgress: sink.onProgress && ((bytes) => sink.onProgress!({ bytes })) }, signal);
      if (result.kind === 'response' && (call.expect.includes(result.status) || (call.goneIsDone === true && attempt > 1 && result.status === 404))) {
        return { raw: result.body, headers: result.headers, json: as === 'json' ? parseJson(result.body, `${call.method} ${call.path}`) : undefined };
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
    // A purchase or top-up without a definite answer may have been made: say which key settles it.
    const what = call.what ?? 'purchase';
    const settle = call.idempotencyKey ? `; the ${what} may have been made: retry it with Idempotency-Key ${call.idempotencyKey}` : '';
    const failed = `${call.method} ${details.url} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}`;
    if (result.kind === 'timeout') {
      const reason = `no answer within ${this.timeoutMs} ms`;
      return { outcome: { kind: 'timeout' }, reason, error: new AppError('CLIENT_TIMEOUT', `${failed} (${reason})${settle}`, details) };
    }
    if (result.kind === 'network') {
      const reason = describeNetworkFailure(result.cause);
      return { outcome: { kind: 'network' }, reason, error: new AppError('CLIENT_NETWORK_ERROR', `${failed} (${reason})${settle}`, details, { cause: result.cause }) };
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
    const headers: Record<string, string> = { accept: call.accept ?? 'application/json' };
    if (call.anonymous !== true) {
      if (this.apiKey !== undefined) headers.authorization = `Bearer ${this.apiKey}`;
      if (this.session !== undefined) {
        headers.cookie = `${SESSION_COOKIE}=${this.session.cookie}`;
        // Every change under a session carries its CSRF token (src/accounts/csrf.ts).
        if (call.method !== 'GET') headers['x-csrf-token'] = this.session.csrfToken;
      }
    }
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
    return headers;
  }

  private async getJson<T>(path: string, check: (value: unknown, context: string) => T, signal: AbortSignal | undefined): Promise<T> {
    return check((await this.call({ method: 'GET', path, expect: [200], retry: true }, signal)).json, `GET ${path}`);
  }
}

/** The name of the session cookie the server sets (src/accounts/cookies.ts). */
export const SESSION_COOKIE = 'indicia_session';

/** The query string of `params` (undefined values left out), with its "?" when not empty. */
function queryOf(params: Readonly<Record<string, string | number | undefined>>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

function mills(value: bigint | string): string {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** The session cookie's value from the Set-Cookie headers of an answer, if any. */
function sessionCookieOf(headers: Headers): string | undefined {
  const all = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') ?? ''];
  for (const line of all) {
    const first = line.split(';')[0] ?? '';
    const eq = first.indexOf('=');
    if (eq > 0 && first.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = first.slice(eq + 1).trim();
      if (value !== '') return value;
    }
  }
  return undefined;
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
