/** The typed client library of the vendor's public API (docs/client.md). */
export {
  IndiciaClient,
  SESSION_COOKIE,
  type IndiciaClientOptions,
  type CallOptions,
  type BuyOptions,
  type RetryEvent,
  type SessionCredentials,
  type ExportOptions,
  type DownloadProgress,
} from './indicia-client.js';
export type * from './customer-types.js';
export { IndiciaApiError, isIndiciaApiError, type ErrorBody } from './api-error.js';
export { buyInBatches, type BatchOptions, type BatchPurchase, type BatchResult, type PurchaseMaker } from './batch.js';
export { newIdempotencyKey, checkIdempotencyKey, deriveChunkKey, splitIntoChunks, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency.js';
export { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, parseRetryAfter, type RetryPolicy, type AttemptOutcome } from './retry-policy.js';
export { toWireStamp, purchaseBody, type WireStamp } from './request-body.js';
export { stampBytes, stampPostageMills } from './stamp-values.js';
export type { FetchFunction, HttpMethod } from './transport.js';
export {
  MAX_STAMPS_PER_PURCHASE,
  POSTAGE_LIMITS_MILLS,
  type StampRequest,
  type MediumRequest,
  type Stamp,
  type StampFields,
  type Purchase,
  type PurchaseResult,
  type StampPage,
  type Health,
} from './types.js';
