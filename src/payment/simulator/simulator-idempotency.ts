// Idempotency keys in the simulator, as real gateways keep them: the first answer to a key is kept with
// a fingerprint of the request; the same key with the same request gets that answer again (a refusal
// included), the same key with another request PAYMENT_IDEMPOTENCY_KEY_REUSED. An answer the gateway
// could not give (timeout, unavailable, internal) is not kept, so a retry is tried afresh.
import { createHash } from 'node:crypto';
import { AppError, isAppError } from '../../errors/app-error.js';
import type { SimulatorStore } from './simulator-store.js';

/** SHA-256 (hex) of the route and the fields of a request, in a fixed order. */
export function fingerprintOf(route: string, fields: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify([route, ...fields.map((f) => (typeof f === 'bigint' ? f.toString() : f))])).digest('hex');
}

/**
 * Runs `run` once per key; replays its kept answer for the same fingerprint. A request that arrives
 * while the first with its key is still running waits for that one's answer instead of running again.
 */
export async function once<T>(store: SimulatorStore, key: string, fingerprint: string, run: () => Promise<T>): Promise<{ body: T; replayed: boolean }> {
  const kept = store.idempotency.get(key) ?? store.pendingIdempotency.get(key);
  if (kept !== undefined && kept.fingerprint !== fingerprint) {
    throw new AppError('PAYMENT_IDEMPOTENCY_KEY_REUSED', 'The idempotency key was first used for another request', { idempotencyKey: key });
  }
  if (kept !== undefined && 'result' in kept) {
    if (!kept.result.ok) throw kept.result.error;
    return { body: kept.result.body as T, replayed: true };
  }
  if (kept !== undefined) return { body: (await kept.answer) as T, replayed: true };
  const answer = keep(store, key, fingerprint, run);
  // Reserved before the first await, so that no second request with this key can start meanwhile.
  store.pendingIdempotency.set(key, { fingerprint, answer });
  try {
    return { body: await answer, replayed: false };
  } finally {
    store.pendingIdempotency.delete(key);
  }
}

async function keep<T>(store: SimulatorStore, key: string, fingerprint: string, run: () => Promise<T>): Promise<T> {
  try {
    const body = await run();
    store.idempotency.set(key, { fingerprint, result: { ok: true, body } });
    return body;
  } catch (err) {
    if (isAppError(err) && err.kind !== 'unavailable' && err.kind !== 'internal') {
      store.idempotency.set(key, { fingerprint, result: { ok: false, error: err } });
    }
    throw err;
  }
}
