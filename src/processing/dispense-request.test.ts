import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import type { DispenseItem } from '../internal-api/dispense-contract.js';
import { purchaseJobOf, stampRequestOf } from './dispense-request.js';

const item = (overrides: Partial<DispenseItem> = {}): DispenseItem => ({
  requestId: 'req-1',
  postage: '740',
  rateCategory: 1,
  dateOfMailing: 9824,
  originZip: 941070001,
  destinationZip: 0,
  medium: ((123456789012n << 8n) | 7n).toString(),
  ...overrides,
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('stampRequestOf', () => {
  it('turns the decimal strings of the contract into bigint mills and medium, with the software id', () => {
    expect(stampRequestOf(item(), 3)).toEqual({
      requestId: 'req-1',
      postageMills: 740n,
      dateOfMailing: 9824,
      originZip: 941070001,
      destinationZip: 0,
      rateCategory: 1,
      medium: (123456789012n << 8n) | 7n,
      softwareId: 3,
    });
  });
});

describe('purchaseJobOf', () => {
  it('keeps the items in order under the purchase id', () => {
    const job = purchaseJobOf({ purchaseId: 'p-1', items: [item({ requestId: 'a' }), item({ requestId: 'b', postage: '1' })] }, 1);
    expect(job.purchaseId).toBe('p-1');
    expect(job.requests.map((r) => [r.requestId, r.postageMills])).toEqual([
      ['a', 740n],
      ['b', 1n],
    ]);
  });

  it('refuses the whole purchase for one item a field cannot hold, naming the item', () => {
    const err = thrown(() => purchaseJobOf({ purchaseId: 'p', items: [item({ requestId: 'a' }), item({ requestId: 'b', medium: (1n << 64n).toString() })] }, 1));
    expect(isAppError(err, 'INDICIUM_FIELD_RANGE')).toBe(true);
    expect((err as { details: unknown }).details).toMatchObject({ index: 1, requestId: 'b' });
    expect((err as Error).message).toMatch(/^Item 1 \(b\): /);
  });

  it('refuses postage past the 3-byte field', () => {
    const err = thrown(() => purchaseJobOf({ purchaseId: 'p', items: [item({ postage: '16777216' })] }, 1));
    expect(isAppError(err, 'MONEY_OUT_OF_RANGE')).toBe(true);
  });

  it('refuses a request id that appears twice in one purchase', () => {
    const err = thrown(() => purchaseJobOf({ purchaseId: 'p', items: [item(), item()] }, 1));
    expect(isAppError(err, 'INVALID_ARGUMENT')).toBe(true);
    expect((err as { details: unknown }).details).toMatchObject({ index: 1, requestId: 'req-1' });
  });
});
