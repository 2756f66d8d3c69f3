import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { decodeRefundCursor, encodeRefundCursor } from './refund-cursor.js';

describe('refund page cursors', () => {
  it('round-trip the position of the last request of a page', () => {
    const at = { requestedAtMs: 1_772_366_400_250, id: '0190a1b2-c3d4-7000-8000-000000000001' };
    expect(decodeRefundCursor(encodeRefundCursor(at))).toEqual(at);
  });

  it('refuse anything they did not make with REFUND_CURSOR_INVALID', () => {
    const foreign = ['', 'abc', '!!', Buffer.from('[1]').toString('base64url'), Buffer.from('["x","y"]').toString('base64url'), Buffer.from('[-1,"a"]').toString('base64url')];
    for (const bad of foreign) {
      let caught: unknown;
      try {
        decodeRefundCursor(bad);
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught, 'REFUND_CURSOR_INVALID'), bad).toBe(true);
    }
  });
});
