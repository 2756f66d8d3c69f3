// Buying more stamps than one purchase holds. The batch has one key; purchase i of it is keyed
// `BATCHKEY.i` (deriveChunkKey), so the same batch run again with the same key gets every purchase
// already made back from the server instead of buying it again. Each purchase is handed to
// `onPurchase` (which saves its stamps) and awaited before the next purchase is made.
import { AppError, isAppError } from '../errors/app-error.js';
import { isIndiciaApiError } from './api-error.js';
import { checkIdempotencyKey, deriveChunkKey, newIdempotencyKey, splitIntoChunks } from './idempotency.js';
import { MAX_STAMPS_PER_PURCHASE, type PurchaseResult, type Stamp, type StampRequest } from './types.js';

/** One purchase of a batch, as it arrives. */
export interface BatchPurchase extends PurchaseResult {
  /** Its place in the batch, from 0. */
  readonly index: number;
  /** How many purchases the batch has. */
  readonly purchaseCount: number;
  /** Stamps received so far in the batch, this purchase included. */
  readonly stampsSoFar: number;
  /** Stamps the batch buys in all. */
  readonly stampsTotal: number;
}

/** Options of a batch. */
export interface BatchOptions {
  /** The batch's key; a new one is made when left out. Give the same key to finish or repeat a batch safely. */
  readonly batchKey?: string;
  /** Stamps per purchase, 1 to 1000 (1000 by default). Purchase keys depend on it: keep it for reruns. */
  readonly purchaseSize?: number;
  /** Receives each purchase before the next is made; a throw stops the batch (and is rethrown as is). */
  readonly onPurchase?: (purchase: BatchPurchase) => Promise<void> | void;
  readonly signal?: AbortSignal;
}

/** A finished batch. */
export interface BatchResult {
  readonly batchKey: string;
  readonly purchases: readonly BatchPurchase[];
  /** Every stamp, in the order asked for. */
  readonly stamps: readonly Stamp[];
}

/** What buyInBatches needs of a client. */
export interface PurchaseMaker {
  buyStamps(stamps: readonly StampRequest[], options: { idempotencyKey: string; signal?: AbortSignal }): Promise<PurchaseResult>;
}

/**
 * Buys `stamps` as consecutive purchases of at most `purchaseSize`, keyed from the batch key. A failure
 * after a purchase was made, or one that leaves a purchase in doubt, is CLIENT_BATCH_INCOMPLETE naming
 * the batch key; a definite refusal of the first purchase (nothing bought) is thrown as it came.
 */
export async function buyInBatches(client: PurchaseMaker, stamps: readonly StampRequest[], options: BatchOptions = {}): Promise<BatchResult> {
  const batchKey = checkIdempotencyKey(options.batchKey ?? newIdempotencyKey());
  const size = options.purchaseSize ?? MAX_STAMPS_PER_PURCHASE;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_STAMPS_PER_PURCHASE) {
    throw new AppError('INVALID_ARGUMENT', `A purchase holds 1 to ${MAX_STAMPS_PER_PURCHASE} stamps, not ${size}`);
  }
  if (stamps.length === 0) throw new AppError('INVALID_ARGUMENT', 'A batch needs at least one stamp');
  const chunks = splitIntoChunks(stamps, size);
  const purchases: BatchPurchase[] = [];
  let stampsSoFar = 0;
  for (const [index, chunk] of chunks.entries()) {
    const idempotencyKey = deriveChunkKey(batchKey, index);
    let result: PurchaseResult;
    try {
      result = await client.buyStamps(chunk, { idempotencyKey, signal: options.signal });
    } catch (err) {
      throw incomplete(err, { batchKey, index, purchaseCount: chunks.length, stampsSoFar, stampsTotal: stamps.length });
    }
    stampsSoFar += result.stamps.length;
    const purchase: BatchPurchase = { ...result, index, purchaseCount: chunks.length, stampsSoFar, stampsTotal: stamps.length };
    purchases.push(purchase);
    await options.onPurchase?.(purchase);
  }
  return { batchKey, purchases, stamps: purchases.flatMap((p) => p.stamps) };
}

interface Progress {
  readonly batchKey: string;
  readonly index: number;
  readonly purchaseCount: number;
  readonly stampsSoFar: number;
  readonly stampsTotal: number;
}

function incomplete(err: unknown, at: Progress): unknown {
  // A definite 4xx refusal of the first purchase bought nothing: the original error says what to fix.
  const definite = isIndiciaApiError(err) && err.statusCode < 500 && err.serverCode !== 'PURCHASE_IN_PROGRESS';
  if ((at.index === 0 && definite) || !isAppError(err)) return err;
  const cause = `${err.code}: ${err.message}`;
  return new AppError(
    'CLIENT_BATCH_INCOMPLETE',
    `Purchase ${at.index + 1} of ${at.purchaseCount} failed (${cause}); ${at.stampsSoFar} of ${at.stampsTotal} stamps were received. The batch key is ${at.batchKey}`,
    { batchKey: at.batchKey, failedPurchase: at.index + 1, purchaseCount: at.purchaseCount, stampsReceived: at.stampsSoFar, stampsTotal: at.stampsTotal, causeCode: err.code },
    { cause: err },
  );
}
