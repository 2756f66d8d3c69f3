import { describe, expect, it } from 'vitest';
import { assertBalanced, entry, inLockOrder, move, stampRefundLines } from './ledger.js';

describe('ledger entries', () => {
  it('a move is two lines that sum to zero', () => {
    expect(move('card', 'balance', 25_000n)).toEqual([
      { book: 'card', amountMills: -25_000n },
      { book: 'balance', amountMills: 25_000n },
    ]);
    expect(() => move('card', 'balance', 0n)).toThrow(/positive/);
  });

  it('refuses unbalanced, single-line, repeated-book and zero lines', () => {
    expect(() => assertBalanced([{ book: 'card', amountMills: -1n }, { book: 'balance', amountMills: 2n }])).toThrow(/sum to 1/);
    expect(() => assertBalanced([{ book: 'card', amountMills: -1n }])).toThrow(/two lines/);
    expect(() => assertBalanced([{ book: 'card', amountMills: -1n }, { book: 'card', amountMills: 1n }])).toThrow(/twice/);
    expect(() => entry('a', 'topup', 'r', 'm', [{ book: 'card', amountMills: 0n }, { book: 'balance', amountMills: 0n }])).toThrow(/two lines/);
  });

  it('a stamp refund from the balance goes back to the balance; from a card, whole cents to the card and the fraction to the balance', () => {
    expect(stampRefundLines('balance', 785n)).toEqual({ lines: move('postage', 'balance', 785n), toCardMills: 0n });
    const card = stampRefundLines('card', 785n);
    expect(card.toCardMills).toBe(780n);
    expect(card.lines).toEqual([
      { book: 'postage', amountMills: -785n },
      { book: 'card', amountMills: 780n },
      { book: 'balance', amountMills: 5n },
    ]);
    assertBalanced(card.lines);
    expect(stampRefundLines('card', 740n).lines).toHaveLength(2);
    expect(stampRefundLines('card', 5n)).toEqual({ lines: move('postage', 'balance', 5n), toCardMills: 0n });
  });

  it('lock order is by book name, whatever the order of the lines', () => {
    expect(inLockOrder(move('held', 'balance', 1n)).map((l) => l.book)).toEqual(['balance', 'held']);
    expect(inLockOrder(move('balance', 'held', 1n)).map((l) => l.book)).toEqual(['balance', 'held']);
  });
});
