// The cursor of GET /v1/refunds: where the previous page ended, as base64url of [requestedAtMs, id].
// Opaque to callers; anything this server did not make is REFUND_CURSOR_INVALID.
import { AppError } from '../errors/app-error.js';

/** The (requested at, id) of the last request of a page; the next page starts after it. */
export interface RefundCursor {
  readonly requestedAtMs: number;
  readonly id: string;
}

/** The cursor after `at`. */
export function encodeRefundCursor(at: RefundCursor): string {
  return Buffer.from(JSON.stringify([at.requestedAtMs, at.id]), 'utf8').toString('base64url');
}

/** Reads a cursor made by encodeRefundCursor; REFUND_CURSOR_INVALID for anything else. */
export function decodeRefundCursor(cursor: string): RefundCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && value[0] >= 0 && typeof value[1] === 'string' && value[1] !== '') {
      return { requestedAtMs: value[0] as number, id: value[1] };
    }
  } catch {
    // Not base64url JSON: refused below like any other foreign cursor.
  }
  throw new AppError('REFUND_CURSOR_INVALID', `The cursor ${JSON.stringify(cursor.slice(0, 40))} is not one this server returned`);
}
